import { fixture, html } from '@open-wc/testing';
import { galleryAttrs, galleryState } from '../../demo/gallery-states.js';
import { DemoPreview, type PreviewState } from '../../demo/preview.js';

export interface PreviewOptions {
  /** Which of the element's states with that key (`<snr-landing>`'s action). */
  action?: string;
  /** Attributes over the gallery's for that element. */
  attrs?: Record<string, string>;
  /** Parts of the state to replace (its answers, its steps, what shows). */
  state?: Partial<PreviewState>;
}

/**
 * One element brought to one of the gallery's states (demo/gallery-states.ts), against a preview
 * Client given through the session context, exactly as the gallery shows it. Rejects when the
 * state never showed.
 */
export async function previewFixture<T extends HTMLElement>(
  tag: string,
  key: string,
  options: PreviewOptions = {},
): Promise<T & { updateComplete: Promise<boolean> }> {
  const state = { ...galleryState(tag, key, options.action), ...options.state };
  const spec = { tag, attrs: { ...galleryAttrs(tag), ...options.attrs }, key, state };
  const host = await fixture<DemoPreview>(html`<demo-preview .preview=${spec}></demo-preview>`);
  if (!(host instanceof DemoPreview)) throw new Error('demo-preview is not defined');
  if (!(await host.reached)) throw new Error(`<${tag}> never reached its state ${key}`);
  const el = host.firstElementChild as T & { updateComplete: Promise<boolean> };
  await el.updateComplete;
  return el;
}

/** Gives a light-DOM element a child for one of its named states (`slot="signed-in"`), as a site would. */
export async function addSlotted(
  el: HTMLElement & { requestUpdate(): void; updateComplete: Promise<boolean> },
  slot: string,
  text: string,
): Promise<HTMLElement> {
  const child = document.createElement('p');
  child.slot = slot;
  child.textContent = text;
  el.append(child);
  el.requestUpdate();
  await el.updateComplete;
  return child;
}
