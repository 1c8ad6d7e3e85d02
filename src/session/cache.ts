import type { AccountInformation } from '../contract/schemas.js';
import type { KeyValueStorage } from './storage.js';

/**
 * The last account information of the signed-in customer, kept in the session's storage so an
 * account view can paint at once on the next page. It belongs to one clientId and is dropped
 * when the session ends, when another customer signs in, and when the account is gone.
 */
export class AccountCache {
  readonly #storage: KeyValueStorage;
  readonly #key: string;

  constructor(storage: KeyValueStorage, namespace: string) {
    this.#storage = storage;
    this.#key = `${namespace}account`;
  }

  get(clientId: number | null): AccountInformation | null {
    if (clientId === null) return null;
    try {
      const account = JSON.parse(this.#storage.get(this.#key) ?? 'null') as AccountInformation | null;
      return account && account.clientId === clientId ? account : null;
    } catch {
      return null;
    }
  }

  set(account: AccountInformation): void {
    this.#storage.set(this.#key, JSON.stringify(account));
  }

  clear(): void {
    this.#storage.remove(this.#key);
  }
}
