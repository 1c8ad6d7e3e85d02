/*
 * A stand-in of Sign in with Apple JS (appleid.auth.js) for the snr-auth demo and tests, served by
 * the stand-in issuer (demo/providers/id-token-issuer.ts). It is NOT Apple: it talks only to the
 * stand-in it was loaded from, which signs real ID tokens (ES256/RS256, email_verified "true").
 *
 * Same interface as the real `AppleID.auth`: init({ clientId, scope, redirectURI, state, nonce,
 * usePopup }) and signIn() → Promise<{ authorization: { id_token, code, state }, user? }>,
 * rejecting with { error: 'popup_closed_by_user' } when the person closes it. signIn() shows a
 * dialog labelled "Apple stand-in"; tests may plan the next one instead:
 * window.snrIdpStandIn.apple.next = { kind: 'person', person: 'new' | sub, fields } | { kind: 'cancel' }.
 */
(() => {
  if (window.AppleID?.auth?.__standIn) return;
  var script = document.currentScript;
  var base = new URL(script?.src ? script.src : location.href).origin;
  var control = ((window.snrIdpStandIn ??= {}).apple ??= { next: null, calls: [], loads: 0 });
  control.calls ??= [];
  control.loads = (control.loads || 0) + 1;
  var config = null;

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
        .then((people) => window.snrIdpDialog({ kind: 'apple', name: 'Apple', colour: '#000000', people })),
    );
  }

  window.AppleID = {
    auth: {
      __standIn: true,
      init(c) {
        if (!c?.clientId || !c.redirectURI) throw new Error('AppleID.auth.init needs clientId and redirectURI');
        control.calls.push(['init', { clientId: c.clientId, nonce: c.nonce, usePopup: c.usePopup, redirectURI: c.redirectURI, scope: c.scope }]);
        config = c;
      },
      signIn() {
        control.calls.push(['signIn']);
        if (!config) return Promise.reject({ error: 'AppleID.auth.init was not called' });
        var plan = control.next;
        control.next = null;
        if (plan?.kind === 'cancel') return Promise.reject({ error: 'popup_closed_by_user' });
        var chosen = plan?.kind === 'person' ? Promise.resolve({ person: plan.person || 'new', fields: plan.fields }) : dialog();
        return chosen.then((choice) => {
          if (!choice) return Promise.reject({ error: 'popup_closed_by_user' });
          return fetch(`${base}/standin/id-token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ clientId: config.clientId, nonce: config.nonce, person: choice.person, fields: choice.fields }),
          })
            .then((res) => res.json().then((json) => (res.ok ? json : Promise.reject({ error: json.error }))))
            .then((answer) => ({ authorization: { id_token: answer.id_token, code: `c${Date.now().toString(36)}`, state: config.state } }));
        });
      },
    },
  };
})();
