/**
 * `dist/cdn/snr-auth.second-factor.js`, an add-on: the `second-factor` capability (the code step
 * of `<snr-signin>`, the authenticator's view of `<snr-account>`) for a page whose main file loads
 * it on intent. lit and the form kit come from that file (`snrAuth.kit`).
 */
export * from '../capabilities/second-factor/index.js';
