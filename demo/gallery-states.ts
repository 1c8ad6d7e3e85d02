import type { DemoLang } from './i18n.js';

type Text = Record<DemoLang, string>;

export interface GalleryState {
  /** The element's `preview` value; absent for the idle state. */
  preview?: string;
  name: Text;
  /** Other attributes this state needs. */
  attrs?: Record<string, string>;
}

export interface GalleryElement {
  tag: string;
  /** Attributes every state of the element gets. */
  attrs?: Record<string, string>;
  states: GalleryState[];
}

/** Idle; the elements that need a customer show their sample one. */
const idle: GalleryState = { preview: 'idle', name: { en: 'Idle', pl: 'Spoczynek' } };
const signedOut: GalleryState = { preview: 'signed-out', name: { en: 'Signed out', pl: 'Wylogowany' } };
const busy: GalleryState = { preview: 'busy', name: { en: 'Busy', pl: 'W toku' } };
const invalid: GalleryState = { preview: 'invalid', name: { en: 'Invalid fields', pl: 'Błędne pola' } };
const signedIn: GalleryState = { preview: 'signed-in', name: { en: 'Signed in', pl: 'Zalogowany' } };

/**
 * Every state of every element, put there through the elements' own `preview` attribute (a
 * public hook for design reviews: no server answer needed, so all states show at once).
 */
export const GALLERY: readonly GalleryElement[] = [
  {
    tag: 'snr-register',
    attrs: { 'optional-fields': 'phone', agreements: 'email sms' },
    states: [
      idle,
      busy,
      invalid,
      { preview: 'error', name: { en: 'Email already registered', pl: 'E-mail już zarejestrowany' } },
      { preview: 'registered', name: { en: 'Registered, signed in', pl: 'Zarejestrowany, zalogowany' } },
      { preview: 'confirmation-required', name: { en: 'Confirm your email', pl: 'Potwierdź e-mail' } },
      { preview: 'activation-required', name: { en: 'Check your inbox', pl: 'Sprawdź skrzynkę' } },
      signedIn,
    ],
  },
  {
    tag: 'snr-signin',
    states: [
      idle,
      busy,
      invalid,
      { preview: 'error', name: { en: 'Wrong email or password', pl: 'Błędny e-mail lub hasło' } },
      { preview: 'activation-required', name: { en: 'Not activated yet', pl: 'Konto nieaktywne' } },
      { preview: 'rate-limited', name: { en: 'Too many attempts', pl: 'Zbyt wiele prób' } },
      { preview: 'forgot', name: { en: 'Forgot password', pl: 'Nie pamiętam hasła' } },
      { preview: 'forgot-sent', name: { en: 'Reset link sent', pl: 'Link wysłany' } },
      signedIn,
    ],
  },
  {
    tag: 'snr-account',
    attrs: { fields: 'firstName lastName city countryCode', agreements: 'email sms' },
    states: [
      idle,
      { preview: 'loading', name: { en: 'Loading', pl: 'Wczytywanie' } },
      { preview: 'stale', name: { en: 'Offline, from the cache', pl: 'Offline, z pamięci' } },
      busy,
      invalid,
      { preview: 'error', name: { en: 'Save failed', pl: 'Zapis nieudany' } },
      { preview: 'saved', name: { en: 'Saved', pl: 'Zapisano' } },
      { preview: 'signing-out', name: { en: 'Signing out', pl: 'Wylogowywanie' } },
      signedOut,
    ],
  },
  {
    tag: 'snr-change-password',
    states: [
      idle,
      busy,
      invalid,
      { preview: 'error', name: { en: 'Wrong current password', pl: 'Błędne obecne hasło' } },
      { preview: 'done', name: { en: 'Changed', pl: 'Zmieniono' } },
      signedOut,
    ],
  },
  {
    tag: 'snr-facebook-button',
    attrs: { agreements: 'email sms' },
    states: [
      idle,
      { preview: 'busy', name: { en: 'Busy: Facebook’s window open', pl: 'W toku: okno Facebooka otwarte' } },
      { preview: 'agreements', name: { en: 'New customer: agreements', pl: 'Nowy klient: zgody' } },
      { preview: 'error', name: { en: 'Pop-up blocked', pl: 'Okno zablokowane' } },
      { preview: 'unavailable', name: { en: 'No Facebook app configured', pl: 'Brak aplikacji Facebooka' } },
    ],
  },
  {
    tag: 'snr-landing',
    states: [
      { preview: 'idle', attrs: { action: 'reset-password' }, name: { en: 'New password: idle', pl: 'Nowe hasło: spoczynek' } },
      { preview: 'busy', attrs: { action: 'reset-password' }, name: { en: 'New password: busy', pl: 'Nowe hasło: w toku' } },
      { preview: 'invalid', attrs: { action: 'reset-password' }, name: { en: 'New password: invalid fields', pl: 'Nowe hasło: błędne pola' } },
      { preview: 'done', attrs: { action: 'reset-password' }, name: { en: 'New password: set', pl: 'Nowe hasło: ustawione' } },
      { preview: 'busy', attrs: { action: 'confirm-email' }, name: { en: 'Confirming the email', pl: 'Potwierdzanie e-maila' } },
      { preview: 'done', attrs: { action: 'confirm-email' }, name: { en: 'Email confirmed', pl: 'E-mail potwierdzony' } },
      { preview: 'already-confirmed', attrs: { action: 'confirm-email' }, name: { en: 'Already confirmed', pl: 'Już potwierdzony' } },
      { preview: 'done', attrs: { action: 'activate' }, name: { en: 'Account activated', pl: 'Konto aktywowane' } },
      { preview: 'invalid-link', attrs: { action: 'activate' }, name: { en: 'Link no longer valid', pl: 'Link nieważny' } },
      { preview: 'new-link-sent', attrs: { action: 'activate' }, name: { en: 'New link sent', pl: 'Wysłano nowy link' } },
      { preview: 'error', attrs: { action: 'confirm-email' }, name: { en: 'Server unreachable', pl: 'Serwer nieosiągalny' } },
      { preview: 'incomplete', name: { en: 'Incomplete link', pl: 'Niepełny link' } },
    ],
  },
];
