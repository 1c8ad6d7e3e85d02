export * from './errors.js';
export * from './password-policy.js';
export * from './schemas.js';
export * from './routes.js';
export * from './issues.js';
