import { Router } from '@vaadin/router';
import './header.js';
import './pages/element.js';
import './pages/gallery.js';
import './pages/home.js';
import './pages/landing.js';
import './pages/mailbox.js';
import './pages/not-found.js';
import './pages/theme.js';
import { configureSession } from './session.js';
import { settings } from './state.js';

settings.apply();
configureSession(settings.scheme);
settings.addEventListener('change', () => configureSession(settings.scheme));

const outlet = document.getElementById('outlet')!;
const router = new Router(outlet);

let firstRender = true;

/** After a client-side navigation: the page's name in the title, and focus on its heading. */
window.addEventListener('vaadin-router-location-changed', () => {
  const page = outlet.firstElementChild as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
  void (page?.updateComplete ?? Promise.resolve()).then(() => {
    const h1 = outlet.querySelector('h1');
    document.title = h1 ? `${h1.textContent!.replace(/\s+/g, ' ').trim()} · snr-auth demo` : 'snr-auth demo';
    if (firstRender) firstRender = false;
    else {
      h1?.focus({ preventScroll: true });
      window.scrollTo({ top: 0 });
    }
  });
});

// The title follows the language too.
settings.addEventListener('change', () => {
  const page = outlet.firstElementChild as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
  void page?.updateComplete?.then(() => {
    const h1 = outlet.querySelector('h1');
    if (h1) document.title = `${h1.textContent!.replace(/\s+/g, ' ').trim()} · snr-auth demo`;
  });
});

void router.setRoutes([
  { path: '/', component: 'demo-home' },
  { path: '/elements/:name', component: 'demo-element-page' },
  { path: '/gallery', component: 'demo-gallery' },
  { path: '/theme', component: 'demo-theme' },
  { path: '/mailbox', component: 'demo-mailbox' },
  { path: '/landing', component: 'demo-landing' },
  { path: '(.*)', component: 'demo-not-found' },
]);
