import { Router } from '@vaadin/router';
import './header.js';
import './pages/element.js';
import './pages/gallery.js';
import './pages/home.js';
import './pages/landing.js';
import './pages/mailbox.js';
import './pages/not-found.js';
import './pages/oauth.js';
import './pages/theme.js';
import { configureSession } from './session.js';
import { settings, updateTitle } from './state.js';

settings.apply();
configureSession(settings.scheme);
settings.addEventListener('change', () => configureSession(settings.scheme));

const outlet = document.getElementById('outlet')!;
const router = new Router(outlet);

// The title follows the language too, read from the page once it has re-rendered. The page asks
// for that render from its own listener, which runs after this one (it was added later), so its
// updateComplete is only the right promise once the event has been dispatched to everyone.
settings.addEventListener('change', () => {
  queueMicrotask(() => {
    const page = outlet.firstElementChild as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
    void page?.updateComplete?.then(updateTitle);
  });
});

void router.setRoutes([
  { path: '/', component: 'demo-home' },
  { path: '/elements/:name', component: 'demo-element-page' },
  { path: '/gallery', component: 'demo-gallery' },
  { path: '/theme', component: 'demo-theme' },
  { path: '/mailbox', component: 'demo-mailbox' },
  { path: '/landing', component: 'demo-landing' },
  { path: '/oauth', component: 'demo-oauth' },
  { path: '(.*)', component: 'demo-not-found' },
]);
