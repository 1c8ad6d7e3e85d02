import type { DemoLang } from './i18n.js';
import type { Driver, PreviewState } from './preview.js';
import { NEVER, refusal } from './preview-client.js';

type Text = Record<DemoLang, string>;

export interface GalleryState extends PreviewState {
  /** The state's name in its element's list. */
  key: string;
  name: Text;
}

export interface GalleryElement {
  tag: string;
  /** Attributes every state of the element gets. */
  attrs?: Record<string, string>;
  states: GalleryState[];
}

const EMAIL = 'name@example.com';
/** Meets the default policy (upper, lower, digit, symbol). */
const PASSWORD = 'Tr0ub4dor&3';
const FACEBOOK_TOKEN = { status: 'connected', authResponse: { accessToken: 'preview-facebook-token' } };

async function fillRegistration(d: Driver): Promise<void> {
  await d.fill('email', EMAIL);
  await d.fill('password', PASSWORD);
  await d.fill('confirmPassword', PASSWORD);
  await d.fill('firstName', 'Ada');
  await d.fill('lastName', 'Lovelace');
  await d.submit();
}

async function fillSignIn(d: Driver): Promise<void> {
  await d.fill('email', EMAIL);
  await d.fill('password', PASSWORD);
  await d.submit();
}

/** The password form sent, then the emailed code asked for ("Email me a code" with the email typed). */
async function emailMeACode(d: Driver): Promise<void> {
  await d.fill('email', EMAIL);
  await d.press('code-request');
  await d.until('[data-step="code"]');
}

/** A whole code typed into the code step: a whole code is sent at once, as the browser's autofill of a mailed code is. */
async function enterCode(d: Driver): Promise<void> {
  await emailMeACode(d);
  await d.fill('code', '123456');
}

/** The second-factor step's code sent. */
async function secondFactorCode(d: Driver): Promise<void> {
  await fillSignIn(d);
  await d.until('[data-step="mfa"]');
  await d.fill('code', '123456');
  await d.submit();
}

async function openAccountStep(d: Driver, part: string, shows: string): Promise<void> {
  await d.until('form');
  await d.press(part);
  await d.until(shows);
}

/** The authenticator's enrolment started from the account: the server's QR code and key. */
async function startEnrolment(d: Driver): Promise<void> {
  await openAccountStep(d, 'second-factor', '[data-view="status"]');
  await d.submit();
  await d.until('[data-view="enrol"]');
}

async function confirmEnrolment(d: Driver): Promise<void> {
  await startEnrolment(d);
  await d.fill('code', '123456');
  await d.submit();
}

async function openPasskeys(d: Driver): Promise<void> {
  await openAccountStep(d, 'passkeys-open', '[part~="passkey-list"]');
}

async function editAccount(d: Driver): Promise<void> {
  await d.until('form');
  await d.fill('city', 'Cambridge');
  await d.submit();
}

async function changeEmail(d: Driver): Promise<void> {
  await d.until('form');
  await d.press('change-email');
  await d.until('input[name="email"]');
  await d.fill('email', 'ada.new@example.com');
  await d.fill('password', PASSWORD);
  await d.submit();
}

async function deleteAccount(d: Driver): Promise<void> {
  await d.until('form');
  await d.press('delete-account');
  await d.until('[part~="consequences"]');
  await d.fill('password', PASSWORD);
  await d.submit();
}

async function changePassword(d: Driver, next = PASSWORD, again = next): Promise<void> {
  await d.fill('currentPassword', 'Old-passw0rd');
  await d.fill('newPassword', next);
  await d.fill('confirmPassword', again);
  await d.submit();
}

async function newPassword(d: Driver, next = PASSWORD, again = next): Promise<void> {
  await d.fill('password', next);
  await d.fill('confirmPassword', again);
  await d.submit();
}

const signedIn = { signedIn: true };
const pinMode = { registrationMode: 'pin' } as const;
/** Passkeys on at the server (`/snr/config`): the sign-in form offers them when `methods` names them, the account lists them. */
const passkeysOn = { passkeys: true };
const busy: Text = { en: 'Busy', pl: 'W toku' };
const invalid: Text = { en: 'Invalid fields', pl: 'Błędne pola' };
const spinner = '[part~="spinner"]';
const fieldError = (name: string) => `[data-field="${name}"] [aria-invalid="true"]`;
const summary = (tone: string) => `[part="summary"][data-tone="${tone}"]`;

/**
 * Every state of every element. Each is the real element against a preview Client (demo/preview-client.ts)
 * that answers as the state needs (a refusal, an answer that never comes, a signed-in customer),
 * driven the way a customer would: fields filled, the form sent, a button pressed.
 */
export const GALLERY: readonly GalleryElement[] = [
  {
    tag: 'snr-register',
    attrs: { 'optional-fields': 'phone', agreements: 'email sms' },
    states: [
      { key: 'idle', name: { en: 'Idle', pl: 'Spoczynek' }, shows: 'form' },
      { key: 'busy', name: busy, answers: { registerAccount: NEVER }, steps: fillRegistration, shows: spinner },
      {
        key: 'invalid',
        name: invalid,
        steps: async (d) => {
          await d.fill('email', 'name@');
          await d.fill('password', 'secret');
          await d.fill('confirmPassword', 'secrets');
          await d.submit();
        },
        shows: fieldError('confirmPassword'),
      },
      {
        key: 'error',
        name: { en: 'Email already registered', pl: 'E-mail już zarejestrowany' },
        answers: { registerAccount: refusal('EMAIL_TAKEN', 409) },
        steps: fillRegistration,
        shows: fieldError('email'),
      },
      {
        key: 'registered',
        name: { en: 'Registered, signed in', pl: 'Zarejestrowany, zalogowany' },
        answers: { registerAccount: 'REGISTERED' },
        steps: fillRegistration,
        shows: '[data-status="REGISTERED"]',
      },
      {
        key: 'confirmation-required',
        name: { en: 'Confirm your email', pl: 'Potwierdź e-mail' },
        answers: { registerAccount: 'CONFIRMATION_REQUIRED' },
        steps: fillRegistration,
        shows: '[data-status="CONFIRMATION_REQUIRED"]',
      },
      {
        key: 'activation-required',
        name: { en: 'Check your inbox', pl: 'Sprawdź skrzynkę' },
        answers: { registerAccount: 'ACTIVATION_REQUIRED' },
        steps: fillRegistration,
        shows: '[data-status="ACTIVATION_REQUIRED"]',
      },
      {
        key: 'pin',
        name: { en: 'Activation code (pin mode)', pl: 'Kod aktywacyjny (tryb PIN)' },
        answers: { config: pinMode, registerAccount: 'ACTIVATION_REQUIRED' },
        steps: fillRegistration,
        shows: '[part~="pin"] [part~="resend-wait"]:not([hidden])',
      },
      {
        key: 'pin-wrong',
        name: { en: 'Activation code: wrong code', pl: 'Kod aktywacyjny: błędny kod' },
        answers: { config: pinMode, registerAccount: 'ACTIVATION_REQUIRED', confirmAccountActivation: refusal('ACTIVATION_PIN_INVALID', 400) },
        steps: async (d) => {
          await fillRegistration(d);
          await d.until('[part~="pin"]');
          await d.fill('pinCode', '123456');
          await d.submit();
        },
        shows: fieldError('pinCode'),
      },
      { key: 'signed-in', name: { en: 'Signed in', pl: 'Zalogowany' }, answers: signedIn, shows: summary('info') },
    ],
  },
  {
    tag: 'snr-signin',
    states: [
      { key: 'idle', name: { en: 'Idle', pl: 'Spoczynek' }, shows: 'form' },
      { key: 'busy', name: busy, answers: { signIn: NEVER }, steps: fillSignIn, shows: spinner },
      { key: 'invalid', name: invalid, steps: (d) => d.submit(), shows: fieldError('password') },
      {
        key: 'error',
        name: { en: 'Wrong email or password', pl: 'Błędny e-mail lub hasło' },
        answers: { signIn: refusal('INVALID_CREDENTIALS', 401) },
        steps: fillSignIn,
        shows: fieldError('password'),
      },
      {
        key: 'activation-required',
        name: { en: 'Not activated yet', pl: 'Konto nieaktywne' },
        answers: { signIn: refusal('ACTIVATION_REQUIRED', 403) },
        steps: fillSignIn,
        shows: '[part~="resend"]',
      },
      {
        key: 'rate-limited',
        name: { en: 'Too many attempts', pl: 'Zbyt wiele prób' },
        answers: { signIn: refusal('RATE_LIMITED', 429, { retryAfter: 900 }) },
        steps: fillSignIn,
        shows: '[part~="summary"][data-tone="error"]',
      },
      {
        key: 'forgot',
        name: { en: 'Forgot password', pl: 'Nie pamiętam hasła' },
        steps: async (d) => {
          await d.fill('email', EMAIL);
          await d.press('forgot');
        },
        shows: '[part~="intro"]',
      },
      {
        key: 'forgot-sent',
        name: { en: 'Reset link sent', pl: 'Link wysłany' },
        steps: async (d) => {
          await d.fill('email', EMAIL);
          await d.press('forgot');
          await d.submit();
        },
        shows: '[part~="panel"] [part~="back"]',
      },
      {
        key: 'passkey',
        attrs: { methods: 'password passkey' },
        name: { en: 'With a passkey', pl: 'Z kluczem dostępu' },
        answers: { config: passkeysOn },
        shows: '[part~="passkey"]',
      },
      {
        key: 'code-offered',
        attrs: { methods: 'password code' },
        name: { en: 'With an emailed code', pl: 'Z kodem e-mailem' },
        shows: '[part~="code-request"]',
      },
      {
        key: 'code-request',
        attrs: { methods: 'code' },
        name: { en: 'Emailed code: the email', pl: 'Kod e-mailem: adres' },
        shows: '[data-step="code-request"]',
      },
      {
        key: 'code',
        attrs: { methods: 'password code' },
        name: { en: 'Emailed code: waiting to resend', pl: 'Kod e-mailem: odliczanie do ponownego wysłania' },
        steps: emailMeACode,
        shows: '[data-step="code"] [part~="resend-wait"]:not([hidden])',
      },
      {
        key: 'code-wrong',
        attrs: { methods: 'password code' },
        name: { en: 'Emailed code: wrong code', pl: 'Kod e-mailem: błędny kod' },
        answers: { signInStatus: 'UNAUTHORIZED' },
        steps: enterCode,
        shows: fieldError('code'),
      },
      {
        key: 'code-resent',
        attrs: { methods: 'password code' },
        name: { en: 'Emailed code: new code sent', pl: 'Kod e-mailem: wysłano nowy kod' },
        answers: { requestSignInCode: { expiresIn: 600, resendAfter: 0 } },
        steps: async (d) => {
          await emailMeACode(d);
          await d.press('resend');
        },
        shows: '[part~="resend-status"][data-tone="success"]',
      },
      {
        key: 'mfa',
        name: { en: 'Second factor: app code', pl: 'Drugi składnik: kod z aplikacji' },
        answers: { signInStatus: 'MFA_REQUIRED' },
        steps: fillSignIn,
        shows: '[data-step="mfa"] input[inputmode="numeric"]',
      },
      {
        key: 'mfa-recovery',
        name: { en: 'Second factor: recovery code', pl: 'Drugi składnik: kod odzyskiwania' },
        answers: { signInStatus: 'MFA_REQUIRED' },
        steps: async (d) => {
          await fillSignIn(d);
          await d.until('[data-step="mfa"]');
          await d.press('mode');
        },
        shows: '[data-step="mfa"] input[autocomplete="off"]',
      },
      {
        key: 'mfa-busy',
        name: { en: 'Second factor: busy', pl: 'Drugi składnik: w toku' },
        answers: { signInStatus: 'MFA_REQUIRED', secondFactorCode: NEVER },
        steps: secondFactorCode,
        shows: `[data-step="mfa"] ${spinner}`,
      },
      {
        key: 'mfa-wrong',
        name: { en: 'Second factor: wrong code', pl: 'Drugi składnik: błędny kod' },
        answers: { signInStatus: 'MFA_REQUIRED', secondFactorCode: refusal('MFA_CODE_INVALID', 403) },
        steps: secondFactorCode,
        shows: fieldError('code'),
      },
      {
        key: 'terms',
        name: { en: 'New terms to accept', pl: 'Nowy regulamin do akceptacji' },
        answers: { signInStatus: 'TERMS_ACCEPTANCE_REQUIRED' },
        steps: fillSignIn,
        shows: '[data-step="terms"] [part~="terms-link"]',
      },
      {
        key: 'terms-refused',
        name: { en: 'Terms not accepted', pl: 'Regulamin niezaakceptowany' },
        answers: { signInStatus: 'TERMS_ACCEPTANCE_REQUIRED' },
        steps: async (d) => {
          await fillSignIn(d);
          await d.until('[data-step="terms"]');
          await d.submit();
        },
        shows: '[part~="terms-accept"] input[aria-invalid="true"]',
      },
      {
        key: 'approval',
        name: { en: 'Awaiting approval', pl: 'Czeka na zatwierdzenie' },
        answers: { signInStatus: 'APPROVAL_REQUIRED' },
        steps: fillSignIn,
        shows: '[data-step="approval"]',
      },
      {
        key: 'pin-activation',
        name: { en: 'Activation code (pin mode)', pl: 'Kod aktywacyjny (tryb PIN)' },
        answers: { config: pinMode, signInStatus: 'ACTIVATION_REQUIRED' },
        steps: fillSignIn,
        shows: '[part~="pin"]',
      },
      { key: 'signed-in', name: { en: 'Signed in', pl: 'Zalogowany' }, answers: signedIn, shows: '[part~="panel"] [part~="button"]' },
    ],
  },
  {
    tag: 'snr-account',
    attrs: { fields: 'firstName lastName city countryCode', agreements: 'email sms' },
    states: [
      { key: 'idle', name: { en: 'Idle', pl: 'Spoczynek' }, answers: signedIn, shows: 'form' },
      { key: 'loading', name: { en: 'Loading', pl: 'Wczytywanie' }, answers: { signedIn: true, cached: false, getAccount: NEVER }, shows: summary('info') },
      {
        key: 'stale',
        name: { en: 'Offline, from the cache', pl: 'Offline, z pamięci' },
        answers: { signedIn: true, getAccount: refusal('NETWORK_ERROR', 0) },
        shows: '[part~="stale"]',
      },
      { key: 'busy', name: busy, answers: { signedIn: true, updateAccount: NEVER }, steps: editAccount, shows: spinner },
      {
        key: 'invalid',
        name: invalid,
        answers: signedIn,
        steps: async (d) => {
          await d.until('form');
          await d.fill('countryCode', 'United Kingdom');
          await d.submit();
        },
        shows: fieldError('countryCode'),
      },
      {
        key: 'error',
        name: { en: 'Save failed', pl: 'Zapis nieudany' },
        answers: { signedIn: true, updateAccount: refusal('NETWORK_ERROR', 0) },
        steps: editAccount,
        shows: '[part~="summary"][data-tone="error"]',
      },
      { key: 'saved', name: { en: 'Saved', pl: 'Zapisano' }, answers: signedIn, steps: editAccount, shows: '[part~="summary"][data-tone="success"]' },
      {
        key: 'signing-out',
        name: { en: 'Signing out', pl: 'Wylogowywanie' },
        answers: { signedIn: true, signOut: NEVER },
        steps: async (d) => {
          await d.until('form');
          await d.press('sign-out-this');
        },
        shows: `[part~="sign-out-this"] ${spinner}`,
      },
      {
        key: 'change-email',
        name: { en: 'Change email', pl: 'Zmiana e-maila' },
        answers: signedIn,
        steps: async (d) => {
          await d.until('form');
          await d.press('change-email');
        },
        shows: 'input[name="email"]',
      },
      {
        key: 'change-email-wrong-password',
        name: { en: 'Change email: wrong password', pl: 'Zmiana e-maila: błędne hasło' },
        answers: { signedIn: true, requestEmailChange: refusal('INVALID_CREDENTIALS', 403) },
        steps: changeEmail,
        shows: fieldError('password'),
      },
      { key: 'email-sent', name: { en: 'Check your inbox', pl: 'Sprawdź skrzynkę' }, answers: signedIn, steps: changeEmail, shows: summary('success') },
      {
        key: 'delete',
        name: { en: 'Delete account', pl: 'Usuwanie konta' },
        answers: signedIn,
        steps: async (d) => {
          await d.until('form');
          await d.press('delete-account');
        },
        shows: '[part~="consequences"]',
      },
      { key: 'deleting', name: { en: 'Deleting', pl: 'Usuwanie' }, answers: { signedIn: true, deleteAccount: NEVER }, steps: deleteAccount, shows: spinner },
      { key: 'deleted', name: { en: 'Deleted', pl: 'Usunięte' }, answers: signedIn, steps: deleteAccount, shows: summary('success') },
      {
        key: 'passkeys',
        name: { en: 'Passkeys', pl: 'Klucze dostępu' },
        answers: { signedIn: true, config: passkeysOn },
        steps: openPasskeys,
        shows: '[part~="passkey-list"] [part~="passkey-rename"]',
      },
      {
        key: 'passkey-rename',
        name: { en: 'Passkeys: rename', pl: 'Klucze dostępu: zmiana nazwy' },
        answers: { signedIn: true, config: passkeysOn },
        steps: async (d) => {
          await openPasskeys(d);
          await d.press('passkey-rename');
        },
        shows: '[part~="passkey-rename-form"]',
      },
      {
        key: 'passkey-remove',
        name: { en: 'Passkeys: remove', pl: 'Klucze dostępu: usuwanie' },
        answers: { signedIn: true, config: passkeysOn },
        steps: async (d) => {
          await openPasskeys(d);
          await d.press('passkey-remove');
        },
        shows: '[part~="passkey-remove-form"]',
      },
      {
        key: 'sessions',
        name: { en: 'Signed-in devices', pl: 'Zalogowane urządzenia' },
        answers: signedIn,
        steps: (d) => openAccountStep(d, 'sessions-open', '[part~="sessions"]'),
        shows: '[part~="session-list"] [part~="sign-out-session"]',
      },
      {
        key: 'sessions-confirm',
        name: { en: 'Signed-in devices: sign one out', pl: 'Zalogowane urządzenia: wylogowanie jednego' },
        answers: signedIn,
        steps: async (d) => {
          await openAccountStep(d, 'sessions-open', '[part~="sign-out-session"]');
          await d.press('sign-out-session');
        },
        shows: '[part~="sign-out-confirm"]',
      },
      {
        key: 'second-factor-off',
        name: { en: 'Second factor: off', pl: 'Drugi składnik: wyłączony' },
        answers: signedIn,
        steps: (d) => openAccountStep(d, 'second-factor', '[part~="second-factor"]'),
        shows: '[data-view="status"] [part~="intro"][data-state="off"]',
      },
      {
        key: 'second-factor-enrol',
        name: { en: 'Second factor: scan the QR code', pl: 'Drugi składnik: zeskanuj kod QR' },
        answers: signedIn,
        steps: startEnrolment,
        shows: '[data-view="enrol"] [part~="qr"] svg',
      },
      {
        key: 'second-factor-wrong',
        name: { en: 'Second factor: wrong code', pl: 'Drugi składnik: błędny kod' },
        answers: { signedIn: true, secondFactorCode: refusal('MFA_CODE_INVALID', 403) },
        steps: confirmEnrolment,
        shows: fieldError('code'),
      },
      {
        key: 'recovery-codes',
        name: { en: 'Second factor: recovery codes', pl: 'Drugi składnik: kody odzyskiwania' },
        answers: signedIn,
        steps: confirmEnrolment,
        shows: '[part~="recovery-codes"] li',
      },
      {
        key: 'second-factor-on',
        name: { en: 'Second factor: on', pl: 'Drugi składnik: włączony' },
        answers: { signedIn: true, secondFactor: 'ACTIVE' },
        steps: (d) => openAccountStep(d, 'second-factor', '[part~="second-factor"]'),
        shows: '[data-view="status"] [part~="codes-left"]',
      },
      { key: 'signed-out', name: { en: 'Signed out', pl: 'Wylogowany' }, shows: summary('info') },
    ],
  },
  {
    tag: 'snr-change-password',
    states: [
      { key: 'idle', name: { en: 'Idle', pl: 'Spoczynek' }, answers: signedIn, shows: 'form' },
      { key: 'busy', name: busy, answers: { signedIn: true, changePassword: NEVER }, steps: (d) => changePassword(d), shows: spinner },
      { key: 'invalid', name: invalid, answers: signedIn, steps: (d) => changePassword(d, 'short', 'other'), shows: fieldError('confirmPassword') },
      {
        key: 'error',
        name: { en: 'Wrong current password', pl: 'Błędne obecne hasło' },
        answers: { signedIn: true, changePassword: refusal('INVALID_CREDENTIALS', 401) },
        steps: (d) => changePassword(d),
        shows: fieldError('currentPassword'),
      },
      {
        key: 'done',
        name: { en: 'Changed', pl: 'Zmieniono' },
        answers: signedIn,
        steps: (d) => changePassword(d),
        shows: '[part~="panel"] [data-tone="success"]',
      },
      { key: 'signed-out', name: { en: 'Signed out', pl: 'Wylogowany' }, shows: summary('info') },
    ],
  },
  {
    tag: 'snr-facebook-button',
    attrs: { agreements: 'email sms' },
    states: [
      { key: 'idle', name: { en: 'Idle', pl: 'Spoczynek' }, shows: '[part~="button"]:not([aria-disabled])' },
      {
        key: 'busy',
        name: { en: 'Busy: Facebook’s window open', pl: 'W toku: okno Facebooka otwarte' },
        facebook: FACEBOOK_TOKEN,
        answers: { authenticateByFacebookRegistered: NEVER },
        steps: (d) => d.press('button'),
        shows: spinner,
      },
      {
        key: 'agreements',
        name: { en: 'New customer: agreements', pl: 'Nowy klient: zgody' },
        facebook: FACEBOOK_TOKEN,
        answers: { authenticateByFacebookRegistered: 'REGISTRATION_REQUIRED' },
        steps: (d) => d.press('button'),
        shows: '[part~="agreements"]',
      },
      {
        key: 'error',
        name: { en: 'Pop-up blocked', pl: 'Okno zablokowane' },
        facebook: { status: 'unknown', authResponse: null },
        steps: (d) => d.press('button'),
        shows: '[part~="message"][data-tone="error"]',
      },
      {
        key: 'unavailable',
        name: { en: 'No Facebook app configured', pl: 'Brak aplikacji Facebooka' },
        answers: { facebookAppId: null },
        steps: (d) => d.press('button'),
        shows: '[part~="message"][data-tone="error"]',
      },
    ],
  },
  {
    tag: 'snr-provider-button',
    // A preview never loads Google's or Apple's script (the Facebook button's states get a scripted
    // SDK instead): this one defines nothing, so a press says the provider's script did not load.
    attrs: { 'script-url': 'about:blank', agreements: 'email sms' },
    states: [
      {
        key: 'google',
        attrs: { provider: 'google' },
        name: { en: 'Google: idle', pl: 'Google: spoczynek' },
        answers: { config: { googleClientId: 'preview.apps.googleusercontent.com' } },
        shows: '[part~="button"]:not([aria-disabled])',
      },
      {
        key: 'apple',
        attrs: { provider: 'apple' },
        name: { en: 'Apple: idle', pl: 'Apple: spoczynek' },
        answers: { config: { appleClientId: 'com.example.preview' } },
        shows: '[part~="button"]:not([aria-disabled])',
      },
      {
        key: 'script-failed',
        attrs: { provider: 'apple' },
        name: { en: 'Apple: script did not load', pl: 'Apple: skrypt się nie wczytał' },
        answers: { config: { appleClientId: 'com.example.preview' } },
        steps: (d) => d.press('button'),
        shows: '[part~="message"][data-tone="error"]',
      },
      {
        key: 'unavailable',
        attrs: { provider: 'google' },
        name: { en: 'Google: not configured', pl: 'Google: nieskonfigurowane' },
        steps: (d) => d.press('button'),
        shows: '[part~="message"][data-tone="error"]',
      },
    ],
  },
  {
    tag: 'snr-landing',
    states: [
      { key: 'idle', attrs: { action: 'reset-password', token: 'preview' }, name: { en: 'New password: idle', pl: 'Nowe hasło: spoczynek' }, shows: 'form' },
      {
        key: 'busy',
        attrs: { action: 'reset-password', token: 'preview' },
        name: { en: 'New password: busy', pl: 'Nowe hasło: w toku' },
        answers: { confirmPasswordReset: NEVER },
        steps: (d) => newPassword(d),
        shows: spinner,
      },
      {
        key: 'invalid',
        attrs: { action: 'reset-password', token: 'preview' },
        name: { en: 'New password: invalid fields', pl: 'Nowe hasło: błędne pola' },
        steps: (d) => newPassword(d, 'short', 'other'),
        shows: fieldError('confirmPassword'),
      },
      {
        key: 'done',
        attrs: { action: 'reset-password', token: 'preview' },
        name: { en: 'New password: set', pl: 'Nowe hasło: ustawione' },
        steps: (d) => newPassword(d),
        shows: summary('success'),
      },
      {
        key: 'busy',
        attrs: { action: 'confirm-email', token: 'preview' },
        name: { en: 'Confirming the email', pl: 'Potwierdzanie e-maila' },
        answers: { confirmAccountActivation: NEVER },
        shows: '[part~="working"]',
      },
      {
        key: 'done',
        attrs: { action: 'confirm-email', token: 'preview' },
        name: { en: 'Email confirmed', pl: 'E-mail potwierdzony' },
        shows: summary('success'),
      },
      {
        key: 'already-confirmed',
        attrs: { action: 'confirm-email', token: 'preview' },
        name: { en: 'Already confirmed', pl: 'Już potwierdzony' },
        answers: { confirmAccountActivation: refusal('ALREADY_CONFIRMED', 409) },
        shows: summary('info'),
      },
      { key: 'done', attrs: { action: 'activate', token: 'preview' }, name: { en: 'Account activated', pl: 'Konto aktywowane' }, shows: summary('success') },
      {
        key: 'invalid-link',
        attrs: { action: 'activate', token: 'preview' },
        name: { en: 'Link no longer valid', pl: 'Link nieważny' },
        answers: { confirmAccountActivation: refusal('EMAIL_TOKEN_INVALID', 400) },
        shows: 'input[name="email"]',
      },
      {
        key: 'new-link-sent',
        attrs: { action: 'activate', token: 'preview' },
        name: { en: 'New link sent', pl: 'Wysłano nowy link' },
        answers: { confirmAccountActivation: refusal('EMAIL_TOKEN_INVALID', 400) },
        steps: async (d) => {
          await d.until('input[name="email"]');
          await d.fill('email', EMAIL);
          await d.submit();
        },
        shows: summary('success'),
      },
      {
        key: 'error',
        attrs: { action: 'confirm-email', token: 'preview' },
        name: { en: 'Server unreachable', pl: 'Serwer nieosiągalny' },
        answers: { confirmAccountActivation: refusal('NETWORK_ERROR', 0) },
        shows: '[part~="retry"]',
      },
      { key: 'incomplete', name: { en: 'Incomplete link', pl: 'Niepełny link' }, shows: summary('error') },
    ],
  },
];

/** One element's state by its key (and, for `<snr-landing>`, its action). */
export function galleryState(tag: string, key: string, action?: string): GalleryState {
  const state = GALLERY.find((el) => el.tag === tag)?.states.find((s) => s.key === key && (action === undefined || s.attrs?.action === action));
  if (!state) throw new Error(`No gallery state ${tag} ${key}${action ? ` (${action})` : ''}`);
  return state;
}

/** The attributes every state of the element gets. */
export function galleryAttrs(tag: string): Record<string, string> {
  return GALLERY.find((el) => el.tag === tag)?.attrs ?? {};
}
