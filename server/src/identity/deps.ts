import type { ServerContext } from '../context.js';

/**
 * What the identity operations may use of a server instance. Each operation names the part it needs
 * (`Pick<IdentityDeps, 'db' | 'sessions'>`), so a test can see at a glance what it must provide.
 */
export type IdentityDeps = Pick<ServerContext, 'db' | 'sessions' | 'config' | 'limiter' | 'mailer' | 'dummyHash' | 'publicUrl' | 'now' | 'breachedPasswords'>;
