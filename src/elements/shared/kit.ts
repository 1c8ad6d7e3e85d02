import { type CSSResult, html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { HubChange } from '../../page/session-hub.js';
import { ApiAttributesController, type SharedAttributes } from './element-attributes.js';
import { formStyles } from './form.styles.js';
import { LightStylesController } from './light-dom.js';
import { LocaleController } from './locale-controller.js';
import { SessionController } from './session-controller.js';
import { ThemeController } from './theme-controller.js';

export type KitHost = ReactiveControllerHost & HTMLElement & SharedAttributes;

/** The controllers every light-DOM element of the kit uses: session, strings, theme, styles, `api-base`/`api-key`. */
export function lightElementKit(host: KitHost, styles: CSSResult[], onChange?: (change: HubChange) => void) {
  const session = new SessionController(host, { onChange });
  const locale = new LocaleController(host, session);
  new ThemeController(host, session);
  new LightStylesController(host, [formStyles, ...styles]);
  new ApiAttributesController(host, session);
  return { session, locale };
}

/** A heading whose level the site chooses (`heading-level`), focusable for moving focus to a new view. */
export function heading(id: string, level: number, text: string): TemplateResult {
  const aria = Math.min(6, Math.max(1, Math.round(level) || 2));
  return html`<div part="heading" id=${id} role="heading" aria-level=${aria} tabindex="-1">${text}</div>`;
}

/**
 * Light DOM has no `<slot>`: a child with `slot="<name>"` is shown while the state it names
 * holds, and hidden otherwise. Answers whether the site gave one (else the default is shown).
 */
export function lightSlot(host: HTMLElement, name: string, shown: boolean): boolean {
  let found = false;
  for (const child of host.children) {
    if (child.getAttribute('slot') !== name) continue;
    found = true;
    (child as HTMLElement).hidden = !shown;
  }
  return found;
}

/**
 * What a button shows: its label or, while busy, a spinner over the same label kept invisible, so
 * the button keeps its size and the row around it does not reflow (a longer "Signing in…" pushed
 * the link beside it onto the next line). The busy text is the button's accessible name; the form's
 * live summary announces it too.
 */
export function buttonContent(label: string, busyLabel: string, busy: boolean): TemplateResult {
  return busy
    ? html`<span part="button-label" data-busy aria-hidden="true">${label}</span><span part="spinner" aria-hidden="true"></span><span class="snr-sr-only">${busyLabel}</span>`
    : html`<span part="button-label">${label}</span>`;
}

/** Dispatches on the element when it is in a document, else on the document. */
export function dispatch(host: HTMLElement, event: Event): void {
  (host.isConnected ? host : document).dispatchEvent(event);
}

/** The controllers `lightElementKit` gives an element. */
export type ElementKit = ReturnType<typeof lightElementKit>;
