/*
 * A stand-in of Google Identity Services (https://accounts.google.com/gsi/client) for the snr-auth
 * demo and tests, served by the stand-in issuer (demo/providers/id-token-issuer.ts). It is NOT
 * Google: it talks only to the stand-in it was loaded from, which signs real ID tokens.
 *
 * Same interface as the real `google.accounts.id` for what a sign-in button uses: initialize({
 * client_id, callback, nonce, … }), prompt(listener), cancel(). prompt() shows a dialog labelled
 * "Google stand-in" where the person picks who they are; the callback then gets { credential,
 * select_by }. Tests may plan the next prompt instead: window.snrIdpStandIn.google.next =
 * { kind: 'person', person: 'new' | sub, fields } | { kind: 'cancel' } | { kind: 'not-displayed' }.
 */
(() => {
  if (window.google?.accounts?.id?.__standIn) return;
  var script = document.currentScript;
  var base = new URL(script?.src ? script.src : location.href).origin;
  var control = ((window.snrIdpStandIn ??= {}).google ??= { next: null, calls: [], loads: 0 });
  control.calls ??= [];
  control.loads = (control.loads || 0) + 1;
  var options = null;

  function notification(kind, reason) {
    return {
      isDisplayed: () => kind === 'displayed',
      isNotDisplayed: () => kind === 'not-displayed',
      getNotDisplayedReason: () => reason,
      isSkippedMoment: () => kind === 'skipped',
      getSkippedReason: () => reason,
      isDismissedMoment: () => kind === 'dismissed',
      getDismissedReason: () => reason,
      getMomentType: () => (kind === 'not-displayed' ? 'display' : kind === 'displayed' ? 'display' : kind === 'skipped' ? 'skipped' : 'dismissed'),
    };
  }

  function dialog() {
    return new Promise((resolve) => {
      if (window.snrIdpDialog) return resolve();
      var s = document.createElement('script');
      s.src = `${base}/standin/dialog.js`;
      s.onload = s.onerror = () => resolve();
      document.head.append(s);
    }).then(() =>
      fetch(`${base}/standin/people`)
        .then((r) => r.json())
        .then((people) => window.snrIdpDialog({ kind: 'google', name: 'Google', colour: '#0b57d0', people })),
    );
  }

  function signIn(choice) {
    return fetch(`${base}/standin/id-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: options.client_id, nonce: options.nonce, person: choice.person, fields: choice.fields }),
    }).then((res) => res.json().then((json) => (res.ok ? json : Promise.reject(new Error(json.error)))));
  }

  function prompt(listener) {
    control.calls.push(['prompt']);
    if (!options) throw new Error('google.accounts.id.prompt() before initialize()');
    var plan = control.next;
    control.next = null;
    var say = (n) => listener && setTimeout(() => listener(n));
    if (plan?.kind === 'not-displayed') return say(notification('not-displayed', 'opt_out_or_no_session'));
    if (plan?.kind === 'cancel') return say(notification('dismissed', 'cancel_called'));
    say(notification('displayed'));
    var chosen = plan?.kind === 'person' ? Promise.resolve({ person: plan.person || 'new', fields: plan.fields }) : dialog();
    chosen.then((choice) => {
      if (!choice) return say(notification('skipped', 'user_cancel'));
      return signIn(choice).then(
        (answer) => {
          say(notification('dismissed', 'credential_returned'));
          options.callback({ credential: answer.id_token, select_by: 'user', clientId: options.client_id });
        },
        () => say(notification('skipped', 'issuing_failed')),
      );
    });
  }

  window.google = window.google || {};
  window.google.accounts = window.google.accounts || {};
  window.google.accounts.id = {
    __standIn: true,
    initialize(o) {
      control.calls.push(['initialize', { client_id: o.client_id, nonce: o.nonce, ux_mode: o.ux_mode, auto_select: o.auto_select }]);
      options = o;
    },
    prompt,
    cancel() {
      control.calls.push(['cancel']);
    },
    disableAutoSelect() {},
    renderButton() {
      throw new Error('the stand-in has no rendered button: snr-provider-button draws its own');
    },
  };
})();
