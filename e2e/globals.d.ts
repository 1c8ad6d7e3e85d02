// The page's `window.snrAuth` (the script-tag kit), which the specs read inside page.evaluate.
import type {} from '../src/global.js';
