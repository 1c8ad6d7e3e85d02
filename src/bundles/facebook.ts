/**
 * `dist/cdn/snr-auth.facebook.js`, an add-on: `<snr-facebook-button>` for a page that already loads
 * a main file (`snr-auth.signin.js`, `snr-auth.forms.js` or `snr-auth.iife.js`) before it. lit,
 * the session and the form kit come from that file (`snrAuth.kit`), so the add-on carries only the
 * button's own code.
 */
import '../elements/snr-facebook-button/snr-facebook-button.js';
