import { ContextProvider, ContextRoot } from '@lit/context';
import { sessionContext } from './context.js';
import { pageSession } from './session-hub.js';

const INSTALLED = Symbol.for('snr-auth.page-provider');

/**
 * Provides the page's session from `<html>`, so every element finds it with no wiring by the
 * site, and keeps a `ContextRoot` on the document for elements that asked before any provider
 * existed. Idempotent; does nothing without a DOM (server-side rendering).
 */
export function providePageSession(): void {
  if (typeof document === 'undefined') return;
  const root = document as Document & { [INSTALLED]?: true };
  if (root[INSTALLED]) return;
  root[INSTALLED] = true;
  new ContextRoot().attach(document as unknown as HTMLElement);
  const provider = new ContextProvider(document.documentElement, { context: sessionContext, initialValue: pageSession() });
  // Not a Lit host: announce ourselves by hand, so waiting requests are answered.
  provider.hostConnected();
  watchDocumentLanguage();
}

/**
 * Elements follow the nearest `lang` around them, up to `<html lang>`: tell them when one changes
 * anywhere in the document (a site switching a section's language). One observer for the page.
 */
function watchDocumentLanguage(): void {
  const hub = pageSession();
  new MutationObserver(() => hub.settingsChanged()).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}
