import { ContextProvider } from '@lit/context';
import { type FacebookLoginResponse, facebookSdkContext } from '../src/elements/snr-facebook-button/facebook-sdk.js';
import { SessionHub, session, sessionContext } from '../src/index.js';
import { type PreviewAnswers, PreviewClient, previewFacebookSdk } from './preview-client.js';

/** What a customer does to an element, as the steps of a state use it. */
export interface Driver {
  readonly element: HTMLElement;
  /** Types into the field called `name` (as `input` and `change` events). */
  fill(name: string, value: string): Promise<void>;
  /** Sends the element's form. */
  submit(): Promise<void>;
  /** Presses the button with that part. */
  press(part: string): Promise<void>;
  /** Waits until something matching the selector shows in the element. */
  until(selector: string): Promise<void>;
}

/** One state of an element for a design review: what the preview Client answers, what is done, what shows. */
export interface PreviewState {
  /** Attributes this state needs besides the element's own. */
  attrs?: Record<string, string>;
  /** What the preview Client answers (default: a visitor, every call succeeding). */
  answers?: PreviewAnswers;
  /** What Facebook's SDK answers a log-in, for `<snr-facebook-button>`. */
  facebook?: FacebookLoginResponse;
  /** A customer's steps that bring the element to the state (none: it shows as it comes). */
  steps?: (d: Driver) => Promise<void>;
  /** A selector (in the element's light or shadow DOM) that matches once the state shows. */
  shows: string;
}

/** An element in a state: what `<demo-preview>` shows. */
export interface PreviewSpec {
  tag: string;
  /** The element's attributes (the state's own are added). */
  attrs: Record<string, string>;
  /** The state's name in its element's list. */
  key: string;
  state: PreviewState;
}

/**
 * How long one step waits for what it needs to show before the state counts as not reached. A
 * gallery page drives some fifty previews at once, each loading add-ons: on a busy machine a state
 * that does show can take several seconds (the sign-in's passkey button came after 5 s on CI-like load).
 */
const STATE_TIMEOUT_MS = 15_000;

const root = (el: HTMLElement): ParentNode => el.shadowRoot ?? el;
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

async function settle(el: HTMLElement): Promise<void> {
  await (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
  await new Promise((resolve) => setTimeout(resolve));
}

function find<T extends Element>(el: HTMLElement, selector: string): T {
  const found = root(el).querySelector<T>(selector);
  if (!found) throw new Error(`<${el.localName}> has no ${selector}`);
  return found;
}

function driver(element: HTMLElement): Driver {
  return {
    element,
    async fill(name, value) {
      const input = find<HTMLInputElement>(element, `[name="${name}"]`);
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await settle(element);
    },
    async submit() {
      find<HTMLFormElement>(element, 'form').requestSubmit();
      await settle(element);
    },
    async press(part) {
      find<HTMLElement>(element, `[part~="${part}"]`).click();
      await settle(element);
    },
    until: (selector) => until(element, selector),
  };
}

async function until(el: HTMLElement, selector: string): Promise<void> {
  const end = performance.now() + STATE_TIMEOUT_MS;
  while (!root(el).querySelector(selector)) {
    if (performance.now() > end) throw new Error(`<${el.localName}> never showed ${selector}`);
    await frame();
  }
}

/**
 * `<demo-preview>`: one element in one state. It gives what is inside it a session hub of its own
 * holding a `PreviewClient` (and, for the Facebook button, a scripted SDK) through the same context
 * the elements find the page's session by, then drives the real element there. `data-reached`
 * says whether the state showed (`true`) or not (`false`, with the reason in the console).
 */
export class DemoPreview extends HTMLElement {
  /** Settles once the state showed (true) or could not be reached (false). */
  reached: Promise<boolean> = Promise.resolve(false);
  private readonly hubProvider = new ContextProvider(this, { context: sessionContext, initialValue: new SessionHub() });
  private readonly facebookProvider = new ContextProvider(this, { context: facebookSdkContext });
  private spec: PreviewSpec | null = null;
  private shown = '';
  private unfollow = () => {};

  /** The element and its state; shown again from the start when either changes. */
  get preview(): PreviewSpec | null {
    return this.spec;
  }

  set preview(spec: PreviewSpec | null) {
    this.spec = spec;
    if (this.isConnected) this.build();
  }

  connectedCallback(): void {
    this.style.display = 'contents';
    this.build();
  }

  disconnectedCallback(): void {
    this.unfollow();
    this.unfollow = () => {};
    this.shown = '';
  }

  private build(): void {
    const spec = this.spec;
    const key = spec ? JSON.stringify([spec.tag, spec.attrs, spec.key, spec.state.attrs]) : '';
    if (!spec || key === this.shown) return;
    this.shown = key;
    const { tag, attrs, state } = spec;
    const client = new PreviewClient(state.answers);
    const hub = new SessionHub(() => client.asClient());
    hub.configure({ apiBase: 'https://preview.invalid', apiKey: 'preview', lang: session.lang, theme: session.theme });
    // The page's language and theme reach the elements through its hub: this one follows it.
    this.unfollow();
    this.unfollow = session.subscribe((change) => {
      if (change.type !== 'settings') return;
      hub.lang = session.lang;
      hub.theme = session.theme;
      hub.settingsChanged();
    });
    this.hubProvider.setValue(hub);
    // Never the real Facebook from a preview: by default its window counts as blocked.
    this.facebookProvider.setValue(previewFacebookSdk(state.facebook ?? { status: 'unknown', authResponse: null }));
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries({ ...attrs, ...state.attrs })) element.setAttribute(name, value);
    this.replaceChildren(element);
    this.removeAttribute('data-reached');
    // The steps focus fields as a customer's would; inert while they run, the page's focus and
    // scroll stay where the person left them.
    this.inert = true;
    this.reached = this.drive(element, state).then(
      () => true,
      (err: unknown) => {
        console.error(`demo-preview: <${tag}> ${spec.key}:`, err);
        return false;
      },
    );
    void this.reached.then((ok) => {
      if (this.shown !== key) return;
      this.inert = false;
      this.dataset.reached = String(ok);
    });
  }

  private async drive(element: HTMLElement, state: PreviewState): Promise<void> {
    await customElements.whenDefined(element.localName);
    await settle(element);
    await state.steps?.(driver(element));
    await until(element, state.shows);
  }
}

if (!customElements.get('demo-preview')) customElements.define('demo-preview', DemoPreview);

/** Waits until every preview inside `container` showed its state or gave up. */
export async function settlePreviews(container: ParentNode): Promise<void> {
  await Promise.all([...container.querySelectorAll<DemoPreview>('demo-preview')].map((p) => p.reached));
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-preview': DemoPreview;
  }
}
