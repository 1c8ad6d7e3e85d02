/**
 * `dist/cdn/snr-auth.signin.js`: the sign-in page's script-tag file, `<snr-session>` and
 * `<snr-signin>` with the page API on `window.snrAuth`, and nothing else. Add-ons
 * (`snr-auth.facebook.js`) and languages (`snr-auth.pl.js`) load beside it as their own script tags.
 */

import { expose } from './expose.js';
import * as api from './signin-api.js';

expose(api);
