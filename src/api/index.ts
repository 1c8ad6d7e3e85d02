export type { ApiClient, ApiClientOptions, LoginBody, RegisterBody, RequestOptions, UpdateAccountBody } from './client.js';
export { createApiClient } from './client.js';
export { isSnrError, isTransient, SnrError } from './errors.js';
