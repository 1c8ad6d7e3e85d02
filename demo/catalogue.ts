import type { DemoLang } from './i18n.js';

type Text = Record<DemoLang, string>;

export interface ElementPage {
  slug: string;
  tag: string;
  title: Text;
  summary: Text;
  /** What to try on the live element. */
  hints: Record<DemoLang, string[]>;
  /** The live markup; shown as the snippet to copy and rendered as is. */
  markup: string;
}

/** One page per element, in the order a customer meets them. */
export const ELEMENT_PAGES: readonly ElementPage[] = [
  {
    slug: 'auth',
    tag: 'snr-auth',
    title: { en: 'The whole flow in one card', pl: 'Cały proces w jednej karcie' },
    summary: {
      en: 'Sign in, create an account, reset a forgotten password, then the account: one card, no page loads, built from the elements below.',
      pl: 'Logowanie, zakładanie konta, reset zapomnianego hasła, potem konto: jedna karta, bez przeładowań, zbudowana z elementów poniżej.',
    },
    hints: {
      en: [
        '“No account? Create one” and “Already have an account? Sign in” switch views; focus moves to each new heading.',
        'Register an email that already has an account: “Sign in” and “Reset password” take you there with the email filled in.',
        'With the history attribute (on here), the browser’s Back button returns to the view before.',
        'Signed in, the card shows who you are, your details, the password change and sign-out.',
      ],
      pl: [
        '„Nie masz konta? Załóż je” i „Masz już konto? Zaloguj się” przełączają widoki; fokus przechodzi na nagłówek nowego widoku.',
        'Zarejestruj e-mail, który ma już konto: „Zaloguj się” i „Ustaw nowe hasło” prowadzą tam z wpisanym adresem.',
        'Z atrybutem history (tu włączonym) przycisk Wstecz przeglądarki wraca do poprzedniego widoku.',
        'Po zalogowaniu karta pokazuje, kto jest zalogowany, dane konta, zmianę hasła i wylogowanie.',
      ],
    },
    markup: '<snr-auth history heading-level="3">\n  <div slot="brand">Demo shop</div>\n</snr-auth>',
  },
  {
    slug: 'register',
    tag: 'snr-register',
    title: { en: 'Registration form', pl: 'Formularz rejestracji' },
    summary: {
      en: 'Email, password with the policy checked rule by rule as you type, name, optional fields and agreements chosen by attribute.',
      pl: 'E-mail, hasło sprawdzane reguła po regule podczas pisania, imię i nazwisko, pola dodatkowe i zgody wybierane atrybutem.',
    },
    hints: {
      en: [
        'Type a password and watch the rules tick off.',
        'Send the form: what follows depends on the server’s registration mode (shown on the overview).',
        'In confirmation and activation modes the mail arrives in the Mailbox.',
        'Register the same email twice to see the “already registered” error.',
      ],
      pl: [
        'Wpisz hasło i zobacz, jak spełniane są kolejne reguły.',
        'Wyślij formularz: dalszy ciąg zależy od trybu rejestracji serwera (widać go w przeglądzie).',
        'W trybach potwierdzenia i aktywacji wiadomość trafia do Poczty.',
        'Zarejestruj ten sam e-mail dwa razy, aby zobaczyć błąd „już zarejestrowany”.',
      ],
    },
    markup: '<snr-register optional-fields="phone" agreements="email sms" heading-level="3"></snr-register>',
  },
  {
    slug: 'signin',
    tag: 'snr-signin',
    title: { en: 'Sign-in form', pl: 'Formularz logowania' },
    summary: {
      en: 'Email and password, clear messages for every refusal, and a “forgot password?” path.',
      pl: 'E-mail i hasło, jasne komunikaty przy każdej odmowie oraz ścieżka „nie pamiętasz hasła?”.',
    },
    hints: {
      en: [
        'Sign in with an account you registered.',
        'A wrong password shows the credentials error.',
        '“Forgot password?” sends a reset link to the Mailbox, and answers the same for unknown emails.',
      ],
      pl: [
        'Zaloguj się na zarejestrowane konto.',
        'Błędne hasło pokazuje komunikat o niepoprawnych danych.',
        '„Nie pamiętasz hasła?” wysyła link do Poczty i odpowiada tak samo dla nieznanych adresów.',
      ],
    },
    markup: '<snr-signin heading-level="3"></snr-signin>',
  },
  {
    slug: 'account',
    tag: 'snr-account',
    title: { en: 'Account details', pl: 'Dane konta' },
    summary: {
      en: 'The signed-in customer’s details, shown at once from the cache and then fresh from the server; edit, save and sign out.',
      pl: 'Dane zalogowanego klienta, od razu z pamięci podręcznej, potem świeże z serwera; edycja, zapis i wylogowanie.',
    },
    hints: {
      en: ['Sign in first (or register in automatic or confirmation mode).', 'Change a field and save.', 'Sign out from this device or from all devices.'],
      pl: [
        'Najpierw się zaloguj (albo zarejestruj w trybie automatycznym lub z potwierdzeniem).',
        'Zmień pole i zapisz.',
        'Wyloguj się z tego urządzenia albo ze wszystkich.',
      ],
    },
    markup: '<snr-account fields="firstName lastName phone city" agreements="email sms" heading-level="3"></snr-account>',
  },
  {
    slug: 'change-password',
    tag: 'snr-change-password',
    title: { en: 'Change password', pl: 'Zmiana hasła' },
    summary: {
      en: 'Current, new and confirmed password with the live policy check; other sessions of the customer end.',
      pl: 'Obecne, nowe i powtórzone hasło ze sprawdzaniem zasad na żywo; pozostałe sesje klienta wygasają.',
    },
    hints: {
      en: ['Needs a signed-in customer.', 'A wrong current password shows its error on that field.'],
      pl: ['Wymaga zalogowanego klienta.', 'Błędne obecne hasło pokazuje błąd przy tym polu.'],
    },
    markup: '<snr-change-password heading-level="3"></snr-change-password>',
  },
  {
    slug: 'facebook-button',
    tag: 'snr-facebook-button',
    title: { en: 'Facebook button', pl: 'Przycisk Facebooka' },
    summary: {
      en: 'Sign in with Facebook, following Facebook’s brand rules.',
      pl: 'Logowanie przez Facebooka zgodnie z zasadami marki Facebooka.',
    },
    hints: {
      en: [
        'Press it and pick “A new Facebook user”: the button asks for agreements, then creates the account and signs in.',
        'Sign out (Account details page) and press it again as the same person: straight in, no agreements step.',
        'Cancel the log-in dialog: the cancelled message and an snr-error with code PROVIDER_CANCELLED (see Events).',
        'Without any Facebook app (a server run alone), pressing it raises PROVIDER_UNAVAILABLE.',
      ],
      pl: [
        'Naciśnij go i wybierz „A new Facebook user”: przycisk zapyta o zgody, potem założy konto i zaloguje.',
        'Wyloguj się (strona Dane konta) i naciśnij go ponownie jako ta sama osoba: logowanie od razu, bez kroku zgód.',
        'Anuluj okno logowania: komunikat o przerwaniu i snr-error z kodem PROVIDER_CANCELLED (zob. Zdarzenia).',
        'Bez żadnej aplikacji Facebooka (serwer uruchomiony sam) naciśnięcie wysyła PROVIDER_UNAVAILABLE.',
      ],
    },
    markup: '<snr-facebook-button heading-level="3"></snr-facebook-button>',
  },
  {
    slug: 'provider-button',
    tag: 'snr-provider-button',
    title: { en: 'Provider buttons', pl: 'Przyciski dostawców' },
    summary: {
      en: 'Sign in with Google, Apple or Facebook: one element, each provider’s branding, its script loaded only when the button is about to be pressed.',
      pl: 'Logowanie przez Google, Apple lub Facebooka: jeden element, oznakowanie każdego dostawcy, jego skrypt ładowany dopiero, gdy przycisk ma zostać naciśnięty.',
    },
    hints: {
      en: [
        'Without a Google or Apple client id, `npm start` runs stand-ins: their dialog says so, and the ID tokens they sign are real, checked by the server against their keys.',
        'Pick “A new Google user”: the agreements step, then the account is created and signed in.',
        'Sign out and press the same provider as the same person: straight in.',
      ],
      pl: [
        'Bez identyfikatora klienta Google lub Apple `npm start` uruchamia atrapy: ich okno to mówi, a podpisywane przez nie tokeny ID są prawdziwe i serwer sprawdza je kluczami atrap.',
        'Wybierz „A new Google user”: krok zgód, potem konto zostaje założone i zalogowane.',
        'Wyloguj się i naciśnij przycisk tego samego dostawcy jako ta sama osoba: logowanie od razu.',
      ],
    },
    markup:
      '<snr-provider-button provider="google" heading-level="3"></snr-provider-button>\n<snr-provider-button provider="apple" heading-level="3"></snr-provider-button>',
  },
  {
    slug: 'landing',
    tag: 'snr-landing',
    title: { en: 'Email link landing', pl: 'Strona linku z wiadomości' },
    summary: {
      en: 'Where emailed links open: account activation, email confirmation and choosing a new password.',
      pl: 'Tu otwierają się linki z wiadomości: aktywacja konta, potwierdzenie adresu i wybór nowego hasła.',
    },
    hints: {
      en: ['Emailed links open /landing?action=…&token=… on this demo. Open one from the Mailbox.', 'Without a link, as here, the element says so.'],
      pl: ['Linki z wiadomości otwierają /landing?action=…&token=… w tym demo. Otwórz jeden z Poczty.', 'Bez linku, jak tutaj, element o tym informuje.'],
    },
    markup: '<snr-landing heading-level="3"></snr-landing>',
  },
];

export function elementPage(slug: string): ElementPage | undefined {
  return ELEMENT_PAGES.find((p) => p.slug === slug);
}
