export * from './errors.js';
export * from './issues.js';
export * from './password-policy.js';
export * from './routes.js';
export * from './schemas.js';
