import type { CSSResult, ReactiveController } from 'lit';

/**
 * Adopts an element's light-DOM styles into the document or shadow root it sits in, once per
 * root: its form lives in light DOM (password managers see it), so a shadow root cannot scope them.
 */
export class LightStylesController implements ReactiveController {
  private readonly host: HTMLElement;
  private readonly styles: CSSResult[];

  constructor(host: HTMLElement & { addController(c: ReactiveController): void }, styles: CSSResult[]) {
    this.host = host;
    this.styles = styles;
    host.addController(this);
  }

  hostConnected(): void {
    const root = this.host.getRootNode() as Document | ShadowRoot;
    if (!('adoptedStyleSheets' in root)) return;
    const sheets = this.styles.map((s) => s.styleSheet).filter((s): s is CSSStyleSheet => !!s);
    const missing = sheets.filter((s) => !root.adoptedStyleSheets.includes(s));
    if (missing.length) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...missing];
  }
}

let next = 0;
/** An id prefix unique in the document: light-DOM ids are shared with the page. */
export function uniqueId(tag: string): string {
  return `${tag}-${(++next).toString(36)}`;
}
