/**
 * `dist/cdn/snr-auth.forms.js`: the script-tag file for pages with the usual forms, every element
 * but the provider buttons (sign-in, registration, account, password change, the landing, and the
 * `<snr-auth>` card that composes them), with the
 * page API on `window.snrAuth`. Provider buttons (`snr-auth.facebook.js`) and languages load
 * beside it as their own script tags.
 */

import * as accountMethods from '../capabilities/account-methods/index.js';
import { provideAccountMethods } from '../session/methods.js';
import { expose } from './expose.js';
import * as api from './forms-api.js';

// The account methods (registration, email links, password change, account update) come with the
// forms, whose main forms submit them: the Client has them without a download.
provideAccountMethods(accountMethods);
expose(api);
