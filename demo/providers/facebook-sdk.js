/*
 * A stand-in of Facebook's JS SDK (https://connect.facebook.net/en_US/sdk.js) for the snr-auth demo,
 * served by the Facebook stand-in that `npm start` runs (demo/providers/facebook.ts) when no real
 * Facebook app is configured. It is NOT Facebook: it talks only to the stand-in it was loaded from.
 *
 * Same interface as the real `window.FB`, for what a sign-in button uses: FB.init({ appId, version }),
 * FB.login(callback, { scope, return_scopes }), FB.getLoginStatus(callback), FB.getAuthResponse(),
 * FB.logout(callback), FB.api(path, callback), FB.Event.subscribe/unsubscribe; and, like the real
 * SDK, it calls window.fbAsyncInit() once loaded. FB.login shows a small dialog in the page, labelled
 * "Facebook stand-in", where the person picks who they are on "Facebook" and whether to share their
 * email; Cancel (or Escape) answers as the real SDK does when the person closes its pop-up.
 */
(() => {
  if (window.FB?.__standIn) return;

  var script = document.currentScript;
  var base = new URL(script?.src ? script.src : location.href).origin;
  var appId = null;
  var auth = null; // the authResponse after a login in this page
  var handlers = {};
  var open = null; // the dialog on screen, if any

  function response() {
    return auth ? { status: 'connected', authResponse: Object.assign({}, auth) } : { status: 'unknown', authResponse: null };
  }

  function fire(event, value) {
    (handlers[event] || []).slice().forEach((h) => {
      try {
        h(value);
      } catch (e) {
        setTimeout(() => {
          throw e;
        });
      }
    });
  }

  function setAuth(next) {
    var before = auth ? auth.accessToken : null;
    auth = next;
    if ((next ? next.accessToken : null) !== before) {
      fire('auth.authResponseChange', response());
      fire('auth.statusChange', response());
      fire(next ? 'auth.login' : 'auth.logout', response());
    }
  }

  function post(path, body) {
    return fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((res) =>
      res.json().then((json) => {
        if (!res.ok) throw new Error(json?.error?.message || `The Facebook stand-in answered ${res.status}`);
        return json;
      }),
    );
  }

  var CSS =
    ':host{all:initial}' +
    'dialog{font:15px/1.45 Helvetica,Arial,system-ui,sans-serif;color:#1c1e21;background:#fff;border:0;border-radius:10px;padding:0;width:min(26rem,calc(100vw - 2rem));box-shadow:0 12px 28px rgba(0,0,0,.3)}' +
    'dialog::backdrop{background:rgba(0,0,0,.45)}' +
    '.band{background:#0b5fcc;color:#fff;padding:.7rem 1rem;display:flex;gap:.6rem;align-items:center;border-radius:10px 10px 0 0}' +
    '.badge{font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em;border:1.5px solid #fff;border-radius:4px;padding:.05rem .4rem}' +
    'h2{font-size:1.15rem;margin:0}' +
    '.body{padding:1rem}' +
    'p{margin:0 0 .75rem}' +
    '.note{font-size:.85rem;color:#4b4f56;background:#f0f2f5;border-left:4px solid #0b5fcc;padding:.5rem .7rem}' +
    'fieldset{border:0;margin:0 0 .75rem;padding:0}legend{font-weight:700;margin-bottom:.35rem;padding:0}' +
    'label{display:flex;gap:.55rem;align-items:flex-start;padding:.3rem 0;cursor:pointer}label small{display:block;color:#4b4f56}' +
    'input{margin:.2rem 0 0;width:1.05rem;height:1.05rem;accent-color:#0b5fcc}' +
    '.actions{display:flex;gap:.6rem;justify-content:flex-end;margin-top:1rem;flex-wrap:wrap}' +
    'button{font:inherit;font-weight:700;border-radius:6px;padding:.5rem 1.1rem;cursor:pointer;border:1px solid #8d949e;background:#fff;color:#1c1e21}' +
    'button.primary{background:#0b5fcc;border-color:#0b5fcc;color:#fff}' +
    'button[aria-disabled="true"]{opacity:.7;cursor:progress}' +
    ':focus-visible{outline:3px solid #0b5fcc;outline-offset:2px}' +
    '.band :focus-visible{outline-color:#fff}' +
    '.error{color:#b00020;font-weight:700}';

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach((c) => {
      node.append(c);
    });
    return node;
  }

  /** Shows the dialog; resolves with the authResponse, or null when the person cancels. */
  function showDialog(scope, people) {
    if (open) open.cancel();
    var host = el('div', { 'data-facebook-stand-in': '' });
    var root = host.attachShadow({ mode: 'open' });
    var wantsEmail = scope.indexOf('email') !== -1;
    var previous = document.activeElement;

    return new Promise((resolve) => {
      var done = false;
      function finish(value) {
        if (done) return;
        done = true;
        open = null;
        if (dialog.open) dialog.close();
        host.remove();
        if (previous?.isConnected && typeof previous.focus === 'function') previous.focus();
        resolve(value);
      }

      var choices = people.map((p, i) =>
        el('label', {}, [
          el('input', Object.assign({ type: 'radio', name: 'person', value: p.id }, i === 0 ? { checked: '' } : {})),
          el('span', {}, [p.name, el('small', { text: p.email })]),
        ]),
      );
      choices.push(
        el('label', {}, [
          el('input', Object.assign({ type: 'radio', name: 'person', value: 'new' }, people.length ? {} : { checked: '' })),
          el('span', {}, ['A new Facebook user', el('small', { text: 'made up now, never seen by the demo before' })]),
        ]),
      );
      var email = el('input', Object.assign({ type: 'checkbox', name: 'email' }, wantsEmail ? { checked: '' } : {}));
      var error = el('p', { class: 'error', role: 'alert' });
      var go = el('button', { type: 'submit', class: 'primary', text: 'Continue' });
      var cancel = el('button', { type: 'button', text: 'Cancel' });
      var form = el('form', { method: 'dialog' }, [
        el('p', { class: 'note', id: 'fb-standin-note' }, [
          `This is not Facebook: a stand-in running on this machine for the snr-auth demo (app ${appId}). Nothing leaves your computer.`,
        ]),
        el('p', { text: `The demo asks for: ${scope.length ? scope.join(', ') : 'public_profile'}.` }),
        el('fieldset', {}, [el('legend', { text: 'Continue as' })].concat(choices)),
        el('fieldset', {}, [el('legend', { text: 'Permissions' }), el('label', {}, [email, el('span', { text: 'Share my email address' })])]),
        error,
        el('div', { class: 'actions' }, [cancel, go]),
      ]);
      var dialog = el('dialog', { 'aria-labelledby': 'fb-standin-title', 'aria-describedby': 'fb-standin-note' }, [
        el('div', { class: 'band' }, [
          el('span', { class: 'badge', text: 'Stand-in' }),
          el('h2', { id: 'fb-standin-title', text: 'Facebook stand-in: log in' }),
        ]),
        el('div', { class: 'body' }, [form]),
      ]);
      root.append(el('style', { text: CSS }), dialog);
      document.body.append(host);

      var busy = false;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        if (busy) return;
        var picked = root.querySelector('input[name="person"]:checked');
        busy = true;
        go.setAttribute('aria-disabled', 'true');
        error.textContent = '';
        post('/standin/login', { appId: appId, person: picked ? picked.value : 'new', shareEmail: email.checked }).then(
          (r) => {
            var granted = r.grantedScopes.split(',');
            finish({
              accessToken: r.accessToken,
              expiresIn: r.expiresIn,
              data_access_expiration_time: Math.floor(Date.now() / 1000) + 7776000,
              signedRequest: `stand-in.${btoa(JSON.stringify({ user_id: r.userID, algorithm: 'HMAC-SHA256' }))}`,
              userID: r.userID,
              graphDomain: 'facebook',
              grantedScopes: granted.join(','),
            });
          },
          (err) => {
            busy = false;
            go.removeAttribute('aria-disabled');
            error.textContent = String(err?.message ? err.message : err);
          },
        );
      });
      cancel.addEventListener('click', () => {
        finish(null);
      });
      dialog.addEventListener('cancel', (e) => {
        e.preventDefault();
        finish(null);
      });
      open = {
        cancel: () => {
          finish(null);
        },
      };
      dialog.showModal();
      var first = root.querySelector('input[name="person"]:checked');
      if (first) first.focus();
    });
  }

  var peopleCache = null;
  function people() {
    peopleCache =
      peopleCache ||
      fetch(`${base}/standin/people`).then(
        (r) => (r.ok ? r.json() : []),
        () => {
          peopleCache = null;
          return [];
        },
      );
    return peopleCache;
  }

  var FB = {
    __standIn: true,
    init: (options) => {
      appId = options?.appId ? String(options.appId) : null;
      if (!appId) console.error('FB.init: the Facebook stand-in needs an appId');
      if (options?.status) FB.getLoginStatus(() => {});
    },
    login: (callback, options) => {
      var cb = typeof callback === 'function' ? callback : () => {};
      if (!appId) {
        console.error('FB.login() called before FB.init().');
        return;
      }
      var scope = String(options?.scope || '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      people()
        .then((list) => showDialog(scope, list))
        .then((result) => {
          if (result) {
            if (!options?.return_scopes) delete result.grantedScopes;
            setAuth(result);
            cb(response());
          } else {
            cb({ status: 'unknown', authResponse: null });
          }
        });
    },
    getLoginStatus: (callback) => {
      var r = response();
      setTimeout(() => {
        if (typeof callback === 'function') callback(r);
      });
    },
    getAuthResponse: () => (auth ? Object.assign({}, auth) : null),
    logout: (callback) => {
      setAuth(null);
      setTimeout(() => {
        if (typeof callback === 'function') callback(response());
      });
    },
    api: (path, a, b, c) => {
      var cb = [a, b, c].filter((x) => typeof x === 'function')[0];
      var params = [a, b].filter((x) => x && typeof x === 'object')[0] || {};
      var url = new URL(`${base}/${String(path).replace(/^\//, '')}`);
      if (params.fields) url.searchParams.set('fields', params.fields);
      url.searchParams.set('access_token', params.access_token || auth?.accessToken || '');
      fetch(url)
        .then(
          (r) => r.json(),
          (e) => ({ error: { message: String(e) } }),
        )
        .then((body) => {
          if (cb) cb(body);
        });
    },
    Event: {
      subscribe: (event, handler) => {
        (handlers[event] = handlers[event] || []).push(handler);
      },
      unsubscribe: (event, handler) => {
        handlers[event] = (handlers[event] || []).filter((h) => h !== handler);
      },
    },
    XFBML: { parse: () => {} },
    AppEvents: { logPageView: () => {} },
  };
  window.FB = FB;
  if (typeof window.fbAsyncInit === 'function') setTimeout(window.fbAsyncInit);
})();
