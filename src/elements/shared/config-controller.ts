import type { ReactiveController } from 'lit';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../../contract/password-policy.js';
import type { PublicConfig } from '../../contract/schemas.js';
import type { Client } from '../../session/index.js';
import type { SessionController, SessionHost } from './session-controller.js';

/**
 * The server's public configuration (password policy, agreements, providers) for the host,
 * asked once per Client (`Client.getPublicConfig()`) and shared by every element.
 */
export class ConfigController implements ReactiveController {
  config: PublicConfig | null = null;
  /** The last attempt failed (the next change of the session tries again). */
  failed = false;
  private readonly host: SessionHost;
  private readonly session: SessionController;
  private loadedFor: Client | null = null;

  constructor(host: SessionHost, session: SessionController) {
    this.host = host;
    this.session = session;
    host.addController(this);
  }

  /** The published policy; the contract's default until the server has answered. */
  get policy(): PasswordPolicy {
    return this.config?.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;
  }

  hostUpdate(): void {
    const client = this.session.client;
    if (!client || client === this.loadedFor) return;
    this.loadedFor = client;
    client.getPublicConfig().then(
      (config) => {
        if (this.loadedFor !== client) return;
        this.config = config;
        this.failed = false;
        this.host.requestUpdate();
      },
      () => {
        if (this.loadedFor !== client) return;
        this.failed = true;
        this.loadedFor = null;
      },
    );
  }
}
