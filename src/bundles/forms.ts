/**
 * `dist/cdn/snr-auth.forms.js`: the script-tag file for pages with the usual forms, every element
 * but the provider buttons (sign-in, registration, account, password change, the landing, and the
 * `<snr-auth>` card that composes them), with the
 * page API on `window.snrAuth`. Provider buttons (`snr-auth.facebook.js`) and languages load
 * beside it as their own script tags.
 */

import { expose } from './expose.js';
import * as api from './forms-api.js';

expose(api);
