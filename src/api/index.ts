export { createApiClient } from './client.js';
export type { ApiClient, ApiClientOptions, LoginBody, RegisterBody, RequestOptions, UpdateAccountBody } from './client.js';
export { SnrError, isSnrError, isTransient } from './errors.js';
