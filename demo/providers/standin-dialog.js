/*
 * The dialog the Google and Apple page-script stand-ins (google-gsi.js, apple-auth.js) show, shared
 * by both: loaded by them from the stand-in issuer that served them. It is NOT Google or Apple.
 * window.snrIdpDialog(options) → Promise<{ person: string } | null>: the person picked (a known
 * `sub`, or "new"), or null when cancelled (Cancel, Escape).
 */
(() => {
  if (window.snrIdpDialog) return;
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    });
    (children || []).forEach((c) => node.append(c));
    return node;
  }
  window.snrIdpDialog = (options) =>
    new Promise((resolve) => {
      var host = el('div', { 'data-snr-idp-standin': options.kind });
      var root = host.attachShadow({ mode: 'open' });
      var style = el('style', {
        text:
          'dialog{font:15px/1.45 system-ui,sans-serif;color:#1f1f1f;background:#fff;border:0;border-radius:12px;padding:0;width:min(26rem,calc(100vw - 2rem));box-shadow:0 12px 28px rgba(0,0,0,.3)}' +
          'dialog::backdrop{background:rgba(0,0,0,.45)}.band{background:' +
          options.colour +
          ';color:#fff;padding:.7rem 1rem;border-radius:12px 12px 0 0}h2{font-size:1.1rem;margin:0}.body{padding:1rem}' +
          'p{margin:0 0 .75rem}fieldset{border:0;margin:0 0 .75rem;padding:0}legend{font-weight:700;margin-bottom:.35rem;padding:0}' +
          'label{display:flex;gap:.55rem;align-items:center;padding:.3rem 0;cursor:pointer}.actions{display:flex;gap:.6rem;justify-content:flex-end}' +
          'button{font:inherit;font-weight:600;border-radius:6px;padding:.5rem 1.1rem;cursor:pointer;border:1px solid #747775;background:#fff;color:#1f1f1f}' +
          'button.primary{background:' +
          options.colour +
          ';border-color:' +
          options.colour +
          ';color:#fff}:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}',
      });
      var heading = el('h2', { id: 'h', text: `${options.name} stand-in (demo)` });
      var choices = el('fieldset', {}, [el('legend', { text: 'Sign in as' })]);
      var people = [...options.people, { sub: 'new', name: `A new ${options.name} user`, email: 'made up now' }];
      people.forEach((p, i) => {
        var input = el('input', { type: 'radio', name: 'person', value: p.sub });
        if (i === 0) input.checked = true;
        choices.append(el('label', {}, [input, el('span', { text: `${p.name || p.email} (${p.email})` })]));
      });
      var form = el('form', { method: 'dialog' });
      var cancel = el('button', { type: 'button', text: 'Cancel' });
      var ok = el('button', { type: 'submit', class: 'primary', text: 'Continue' });
      form.append(choices, el('div', { class: 'actions' }, [cancel, ok]));
      var dialog = el('dialog', { 'aria-labelledby': 'h' }, [
        el('div', { class: 'band' }, [heading]),
        el('div', { class: 'body' }, [el('p', { text: `Not ${options.name}: a local stand-in that signs real ID tokens for this demo.` }), form]),
      ]);
      root.append(style, dialog);
      document.body.append(host);
      var finish = (value) => {
        dialog.close();
        host.remove();
        resolve(value);
      };
      cancel.addEventListener('click', () => finish(null));
      dialog.addEventListener('cancel', (e) => {
        e.preventDefault();
        finish(null);
      });
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        finish({ person: new FormData(form).get('person') });
      });
      dialog.showModal();
      ok.focus();
    });
})();
