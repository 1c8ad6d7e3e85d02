/**
 * `dist/cdn/snr-auth.providers.js`, an add-on: `<snr-provider-button provider="google|apple|facebook">`
 * for a page that already loads a main file (`snr-auth.signin.js`, `snr-auth.forms.js` or
 * `snr-auth.iife.js`) before it. lit, the session and the form kit come from that file
 * (`snrAuth.kit`), so the add-on carries only the button, its provider flow and the provider scripts'
 * loaders (each provider's own script still loads only on intent).
 */
import '../elements/snr-provider-button/snr-provider-button.js';
