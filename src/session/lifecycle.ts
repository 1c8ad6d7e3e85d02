import type { Lifecycle } from './tracker.js';

/** The page's `pagehide`, `pageshow` and `online` events, where there is a page. */
export function browserLifecycle(): Lifecycle {
  const on = (type: string) => (listener: () => void) => {
    globalThis.addEventListener?.(type, listener);
    return () => globalThis.removeEventListener?.(type, listener);
  };
  return { onPageHide: on('pagehide'), onPageShow: on('pageshow'), onOnline: on('online') };
}
