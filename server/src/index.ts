/**
 * `snr-auth-server`: the reference identity server as a library (Node only).
 *
 *   import { startServer } from 'snr-auth-server';
 *   const server = await startServer({ port: 8787 });   // configuration from process.env
 *
 * The `snr-auth-server` command runs the same code.
 */

export { type AppOptions, createApp } from './app.js';
export { main } from './cli.js';
export { ConfigError, LOCAL_API_KEY, loadConfig, type ServerConfig } from './config.js';
export { closeContext, createContext, type ServerContext } from './context.js';
export { type RunningServer, type StartOptions, startServer } from './main.js';
