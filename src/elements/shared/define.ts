import { providePageSession } from '../../page/provide.js';

/**
 * Defines an element once: a second copy of the bundle on the page finds the tag taken and
 * leaves it (Shoelace's `define()`). Provides the page's session first, so the element finds it.
 * Does nothing where there is no `customElements` (server-side rendering without a shim).
 */
export function define(tag: string, elementClass: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  providePageSession();
  if (!customElements.get(tag)) customElements.define(tag, elementClass);
}
