import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { galleryState } from '../gallery-states.js';
import { fill } from '../i18n.js';
import '../preview.js';
import type { PreviewSpec } from '../preview.js';
import { DemoPage, settings } from '../state.js';
import {
  COLOUR_TOKENS,
  CONTRAST_PAIRS,
  type ColourToken,
  contrast,
  FONT_CHOICES,
  FONT_TOKEN,
  TOKEN_LABELS,
  VALUE_TOKENS,
  type ValueToken,
} from '../theme-tokens.js';

const STORE_KEY = 'snr-demo:theme';

type Scheme = 'light' | 'dark';

/** What the preview shows: two states per choice, so errors and successes both show their colours (states of the gallery). */
const SAMPLES: readonly { id: string; label: Record<'en' | 'pl', string>; tag: string; attrs?: Record<string, string>; states: string[] }[] = [
  {
    id: 'signin',
    label: { en: 'Sign-in: error and reset link sent', pl: 'Logowanie: błąd i wysłany link' },
    tag: 'snr-signin',
    states: ['error', 'forgot-sent'],
  },
  {
    id: 'register',
    label: { en: 'Registration: invalid fields', pl: 'Rejestracja: błędne pola' },
    tag: 'snr-register',
    attrs: { agreements: 'email sms' },
    states: ['invalid'],
  },
  { id: 'account', label: { en: 'Account: saved', pl: 'Konto: zapisano' }, tag: 'snr-account', attrs: { agreements: 'email sms' }, states: ['saved'] },
  {
    id: 'change-password',
    label: { en: 'Change password: busy and changed', pl: 'Zmiana hasła: w toku i zmienione' },
    tag: 'snr-change-password',
    states: ['busy', 'done'],
  },
];

/** The sample's elements in one scheme, each in its state. */
function sampleSpecs(sample: (typeof SAMPLES)[number], scheme: Scheme): PreviewSpec[] {
  return sample.states.map((key) => ({
    tag: sample.tag,
    attrs: { ...sample.attrs, theme: scheme, 'heading-level': '3' },
    key,
    state: galleryState(sample.tag, key),
  }));
}
type PreviewScheme = Scheme | 'both';

/** What the designer changed: colours per scheme, other tokens as CSS values. */
interface Overrides {
  light: Record<string, string>;
  dark: Record<string, string>;
  values: Record<string, string>;
}

const empty = (): Overrides => ({ light: {}, dark: {}, values: {} });

function load(): Overrides {
  try {
    const o = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null') as Overrides | null;
    if (o && typeof o === 'object' && o.light && o.dark && o.values) return o;
  } catch {
    // Nothing stored, or storage refused.
  }
  return empty();
}

function save(o: Overrides): void {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(o));
  } catch {
    // The playground still works for this page.
  }
}

const number = (v: string) => parseFloat(v);

/** Edits the `--snr-*` custom properties live on sample elements and prints the CSS to copy. */
@customElement('demo-theme')
export class DemoTheme extends DemoPage {
  @state() private o: Overrides = load();
  @state() private scheme: PreviewScheme = 'both';
  @state() private sample = SAMPLES[0]!.id;
  @state() private copyStatus = '';

  private colour(token: ColourToken, scheme: Scheme): string {
    return this.o[scheme][token.name] ?? token[scheme];
  }

  private value(token: ValueToken | typeof FONT_TOKEN): string {
    return this.o.values[token.name] ?? token.default;
  }

  private commit(next: Overrides): void {
    this.o = next;
    this.copyStatus = '';
    save(next);
  }

  private setColour(token: ColourToken, scheme: Scheme, value: string): void {
    const side = { ...this.o[scheme] };
    if (value.toLowerCase() === token[scheme]) delete side[token.name];
    else side[token.name] = value.toLowerCase();
    this.commit({ ...this.o, [scheme]: side });
  }

  private setValue(name: string, value: string, def: string): void {
    const values = { ...this.o.values };
    if (value === def) delete values[name];
    else values[name] = value;
    this.commit({ ...this.o, values });
  }

  /** The declarations that differ from the defaults. */
  private declarations(): [string, string][] {
    const out: [string, string][] = [];
    for (const token of COLOUR_TOKENS) {
      const light = this.o.light[token.name];
      const dark = this.o.dark[token.name];
      if (light || dark) out.push([token.name, `light-dark(${light ?? token.light}, ${dark ?? token.dark})`]);
    }
    for (const token of [...VALUE_TOKENS, FONT_TOKEN]) {
      const v = this.o.values[token.name];
      if (v !== undefined) out.push([token.name, v]);
    }
    return out;
  }

  private css(): string {
    const decls = this.declarations();
    if (!decls.length) return this.t.themeNoChanges;
    return `/* snr-auth theme: light-dark() picks the value for the element's colour scheme. */\n:root {\n${decls.map(([k, v]) => `  ${k}: ${v};`).join('\n')}\n}\n`;
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.css());
      this.copyStatus = this.t.themeCopied;
    } catch {
      this.copyStatus = this.t.themeCopyFailed;
    }
  }

  protected override render() {
    const t = this.t;
    const lang = settings.lang;
    const style = Object.fromEntries(this.declarations());
    return html`
      <div class="page-head">
        <h1 tabindex="-1">${t.themeTitle}</h1>
        <p class="lead">${t.themeLead}</p>
      </div>
      <div class="theme-layout">
        <form class="card controls" @submit=${(e: Event) => e.preventDefault()}>
          <fieldset>
            <legend>${t.themeColours}</legend>
            <div class="colour-head" aria-hidden="true"><span></span><span>${t.themeLight}</span><span>${t.themeDark}</span></div>
            ${COLOUR_TOKENS.map((token) => {
              const name = TOKEN_LABELS[token.name]?.[lang] ?? token.name;
              return html`<div class="colour-row">
                <span class="token-name">${name}<code>${token.name}</code></span>
                <input
                  type="color"
                  aria-label=${fill(t.themeLightValue, { name })}
                  .value=${this.colour(token, 'light')}
                  @input=${(e: Event) => this.setColour(token, 'light', (e.target as HTMLInputElement).value)}
                />
                <input
                  type="color"
                  aria-label=${fill(t.themeDarkValue, { name })}
                  .value=${this.colour(token, 'dark')}
                  @input=${(e: Event) => this.setColour(token, 'dark', (e.target as HTMLInputElement).value)}
                />
              </div>`;
            })}
          </fieldset>
          <fieldset>
            <legend>${t.themeShape}</legend>
            ${VALUE_TOKENS.map((token) => {
              const id = `token${token.name}`;
              const value = this.value(token);
              return html`<div class="field">
                <label for=${id}>${TOKEN_LABELS[token.name]?.[lang] ?? token.name}<code>${token.name}</code></label>
                <span class="range">
                  <input
                    id=${id}
                    type="range"
                    min=${token.min}
                    max=${token.max}
                    step=${token.step}
                    .value=${String(number(value))}
                    aria-valuetext=${value}
                    @input=${(e: Event) => this.setValue(token.name, `${(e.target as HTMLInputElement).value}${token.unit}`, token.default)}
                  />
                  <output for=${id}>${value}</output>
                </span>
              </div>`;
            })}
            <div class="field">
              <label for="token-font">${TOKEN_LABELS[FONT_TOKEN.name]![lang]}<code>${FONT_TOKEN.name}</code></label>
              <select id="token-font" @change=${(e: Event) => this.setValue(FONT_TOKEN.name, (e.target as HTMLSelectElement).value, FONT_TOKEN.default)}>
                ${FONT_CHOICES.map((c) => html`<option value=${c.value} ?selected=${this.value(FONT_TOKEN) === c.value}>${c.label[lang]}</option>`)}
              </select>
            </div>
          </fieldset>
          <button type="button" class="button secondary" @click=${() => this.commit(empty())}>${t.themeReset}</button>
        </form>

        <div class="theme-main">
          <section class="card" aria-labelledby="preview-label">
            <div class="row-between">
              <h2 id="preview-label">${t.themePreview}</h2>
              <div class="segmented" role="radiogroup" aria-label=${t.themePreviewScheme}>
                ${(['light', 'dark', 'both'] as const).map(
                  (s) => html`<label
                    ><input type="radio" name="preview-scheme" value=${s} .checked=${this.scheme === s} @change=${() => (this.scheme = s)} /><span
                      >${s === 'light' ? t.themeLight : s === 'dark' ? t.themeDark : t.themeBoth}</span
                    ></label
                  >`,
                )}
              </div>
            </div>
            <label class="sample-pick">
              <span>${t.themeSample}</span>
              <select @change=${(e: Event) => (this.sample = (e.target as HTMLSelectElement).value)}>
                ${SAMPLES.map((x) => html`<option value=${x.id} ?selected=${x.id === this.sample}>${x.label[lang]}</option>`)}
              </select>
            </label>
            <div class="preview" style=${styleMap(style)}>
              ${this.scheme !== 'dark' ? this.previewSurface('light') : nothing}
              ${this.scheme !== 'light' ? this.previewSurface('dark') : nothing}
            </div>
          </section>

          <section class="card" aria-labelledby="contrast-label">
            <h2 id="contrast-label">${t.themeContrast}</h2>
            <div class="table-scroll" role="group" tabindex="0" aria-labelledby="contrast-label">
              <table class="contrast">
                <thead>
                  <tr><th scope="col">${t.themePair}</th><th scope="col">${t.themeLight}</th><th scope="col">${t.themeDark}</th></tr>
                </thead>
                <tbody>
                  ${CONTRAST_PAIRS.map((pair) => {
                    const cell = (scheme: Scheme) => {
                      const fg = COLOUR_TOKENS.find((c) => c.name === pair.fg);
                      const bg = COLOUR_TOKENS.find((c) => c.name === pair.bg);
                      if (!fg || !bg) return html`<td>–</td>`;
                      const ratio = contrast(this.colour(fg, scheme), this.colour(bg, scheme));
                      const ok = ratio >= pair.min;
                      return html`<td class=${ok ? 'pass' : 'fail'}>
                        ${ratio.toFixed(2)}:1 <span class="verdict">${ok ? t.themePass : t.themeFail} (${pair.min}:1)</span>
                      </td>`;
                    };
                    return html`<tr><th scope="row">${pair.label[lang]}</th>${cell('light')}${cell('dark')}</tr>`;
                  })}
                </tbody>
              </table>
            </div>
          </section>

          <section class="card css-out" aria-labelledby="css-label">
            <div class="row-between">
              <h2 id="css-label">${t.themeCss}</h2>
              <span class="copy">
                <span role="status" class="muted">${this.copyStatus}</span>
                <button type="button" class="button small" @click=${() => void this.copy()}>${t.themeCopy}</button>
              </span>
            </div>
            <pre class="code" tabindex="0" aria-labelledby="css-label"><code>${this.css()}</code></pre>
          </section>
        </div>
      </div>
    `;
  }

  private previewSurface(scheme: Scheme) {
    return html`<div class="preview-surface" data-scheme=${scheme} style=${styleMap({ background: scheme === 'dark' ? '#0f1217' : '#f5f6f8', colorScheme: scheme })}>
      <p class="preview-caption">${scheme === 'dark' ? this.t.themeDark : this.t.themeLight}</p>
      ${sampleSpecs(SAMPLES.find((x) => x.id === this.sample) ?? SAMPLES[0]!, scheme).map((spec) => html`<demo-preview data-state=${spec.key} .preview=${spec}></demo-preview>`)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-theme': DemoTheme;
  }
}
