/**
 * Where the session lives. `local` survives reloads and is shared by the tabs of the origin;
 * `session` lives as long as the tab; `memory` as long as the page. Keys are namespaced by API
 * base and API key, so two deployments on one origin never read each other's session.
 */
export type StorageKind = 'local' | 'session' | 'memory';

export interface KeyValueStorage {
  readonly kind: StorageKind;
  /** Shared with the other tabs of the origin (and so worth coordinating with them). */
  readonly shared: boolean;
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  /** Another tab changed one of this storage's keys (the `storage` event); returns an unsubscribe. */
  onExternalChange?(listener: (key: string) => void): () => void;
}

export function storageNamespace(apiBase: string, apiKey: string): string {
  return `snr:${apiBase.replace(/\/+$/, '')}|${apiKey}:`;
}

export function memoryStorage(): KeyValueStorage {
  const data = new Map<string, string>();
  return {
    kind: 'memory',
    shared: false,
    get: (key) => data.get(key) ?? null,
    set: (key, value) => void data.set(key, value),
    remove: (key) => void data.delete(key),
  };
}

/**
 * A Web Storage area, or memory when it is missing or refuses writes (Safari private mode,
 * storage disabled, sandboxed frames), so the store still works for the page's lifetime.
 */
export function webStorage(kind: 'local' | 'session'): KeyValueStorage {
  let area: Storage | undefined;
  try {
    area = kind === 'local' ? globalThis.localStorage : globalThis.sessionStorage;
    const probe = '__snr_probe__';
    area.setItem(probe, probe);
    area.removeItem(probe);
  } catch {
    area = undefined;
  }
  if (!area) return memoryStorage();
  const store = area;
  return {
    kind,
    shared: kind === 'local',
    get: (key) => store.getItem(key),
    set: (key, value) => {
      try {
        store.setItem(key, value);
      } catch {
        // Quota exceeded: the in-memory state stays authoritative for this page.
      }
    },
    remove: (key) => store.removeItem(key),
    onExternalChange: (listener) => {
      const handler = (event: StorageEvent) => {
        if (event.storageArea === store && event.key !== null) listener(event.key);
      };
      globalThis.addEventListener?.('storage', handler);
      return () => globalThis.removeEventListener?.('storage', handler);
    },
  };
}

export function createStorage(kind: StorageKind = 'local'): KeyValueStorage {
  return kind === 'memory' ? memoryStorage() : webStorage(kind);
}
