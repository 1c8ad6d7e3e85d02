import { LitElement } from 'lit';
import { SharedAttributesMixin } from './element-attributes.js';
import type { ElementKit } from './kit.js';

/**
 * What the light-DOM form elements (`<snr-signin>`, `<snr-register>`, `<snr-account>`,
 * `<snr-change-password>`, `<snr-landing>`) share beyond the shared attributes
 * (`SharedAttributesMixin`, which the shadow-DOM `<snr-facebook-button>` takes too): rendering
 * into light DOM (password managers see the forms) and their `kit` of controllers
 * (`lightElementKit`, made by each element with its own styles).
 */
export abstract class LightElement extends SharedAttributesMixin(LitElement) {
  protected abstract readonly kit: ElementKit;

  /** The strings in effect for this element. */
  protected get t() {
    return this.kit.locale.t;
  }

  protected override createRenderRoot() {
    return this;
  }
}
