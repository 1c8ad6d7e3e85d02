/** The demo's own words (the elements translate themselves). */
import { type PluralForms, plural } from '../src/i18n/plural.js';

export type DemoLang = 'en' | 'pl';

export const LANGS: readonly DemoLang[] = ['en', 'pl'];

const en = {
  skip: 'Skip to content',
  brand: 'snr-auth',
  brandTag: 'for designers',
  nav: 'Demo pages',
  navHome: 'Overview',
  navElements: 'Elements',
  navGallery: 'Gallery',
  navTheme: 'Theme',
  navMailbox: 'Mailbox',
  language: 'Language',
  theme: 'Colour scheme',
  themeSystem: 'System',
  themeLight: 'Light',
  themeDark: 'Dark',
  homeTitle: 'snr-auth elements',
  homeLead:
    'Sign-up, sign-in, account and password forms as custom elements, live against the embedded identity server. Everything here works: register, open the confirmation mail in the mailbox, sign in, change your details.',
  homeSession: 'This browser',
  sessionStarting: 'Connecting to the server…',
  sessionAnonymous: 'Anonymous visitor',
  sessionSignedIn: 'Signed in (customer #{id})',
  sessionOffline: 'The server does not answer. Start it with npm start.',
  serverMode: 'Registration mode on this server: {mode}',
  homeGalleryText: 'Every element in every state at once, light and dark side by side.',
  homeThemeText: 'Change colours, corners, spacing and type live, then copy the CSS.',
  homeMailboxText: 'The mail the server sent: confirmation, activation and password reset links.',
  live: 'Live',
  markup: 'Markup',
  events: 'Events',
  eventsEmpty: 'Events the element raises appear here.',
  clearEvents: 'Clear events',
  tryIt: 'Try it',
  facebookStandInTitle: 'Facebook stand-in, not Facebook',
  facebookStandInText:
    'No Facebook app is configured on this server, so npm start runs a stand-in of Facebook on this machine (demo app {app}). This button loads its copy of Facebook’s JS SDK; its log-in is a dialog labelled “Facebook stand-in”. Nothing goes to Facebook.',
  galleryTitle: 'Gallery',
  galleryLead:
    'Every element in every state at once, light and dark side by side. Each is the real element, filled in and sent as a customer would, against a preview client that answers as the state needs (demo/preview-client.ts), so no server is needed: use it in your own design reviews too.',
  galleryJump: 'Elements in the gallery',
  galleryAll: 'All elements',
  galleryLight: 'Light',
  galleryDark: 'Dark',
  loading: 'Loading…',
  themeTitle: 'Theme playground',
  themeLead: 'Every change applies at once to the elements on the right. Copy the CSS into your site when it looks right.',
  themeReset: 'Reset',
  themeCss: 'CSS to copy',
  themeCopy: 'Copy CSS',
  themeCopied: 'Copied',
  themeCopyFailed: 'Select the text and copy it',
  themeColours: 'Colours',
  themeShape: 'Shape and type',
  themePreviewScheme: 'Preview scheme',
  themeBoth: 'Both',
  themeLightValue: '{name}, light',
  themeDarkValue: '{name}, dark',
  themeContrast: 'Contrast (WCAG 2.2 AA)',
  themePair: 'Pair',
  themePass: 'passes',
  themeFail: 'too low',
  themeNoChanges: '/* No changes yet: the defaults apply. */',
  themePreview: 'Preview',
  themeSample: 'Element to preview',
  mailboxTitle: 'Mailbox',
  mailboxLead: 'Without SMTP the server keeps its mail in an outbox. Open a message and follow its link: it lands on this demo.',
  mailboxFilter: 'Only mail to',
  mailboxRefresh: 'Refresh',
  mailboxEmpty: 'No mail yet. Register an account or ask for a password reset.',
  mailboxUnavailable: 'This server has no outbox (SMTP is configured, or it is not in local mode).',
  mailboxTo: 'To',
  mailboxSent: 'Sent',
  mailboxCount: { one: '{n} message', other: '{n} messages' } as PluralForms,
  landingTitle: 'Email link',
  landingLead: 'Where the links in the emails land.',
  notFoundTitle: 'Page not found',
  notFoundText: 'There is no demo page here.',
  backHome: 'Back to the overview',
};

export type DemoStrings = typeof en;

const pl: DemoStrings = {
  skip: 'Przejdź do treści',
  brand: 'snr-auth',
  brandTag: 'dla projektantów',
  nav: 'Strony demo',
  navHome: 'Przegląd',
  navElements: 'Elementy',
  navGallery: 'Galeria',
  navTheme: 'Motyw',
  navMailbox: 'Poczta',
  language: 'Język',
  theme: 'Schemat kolorów',
  themeSystem: 'Systemowy',
  themeLight: 'Jasny',
  themeDark: 'Ciemny',
  homeTitle: 'Elementy snr-auth',
  homeLead:
    'Formularze rejestracji, logowania, konta i hasła jako elementy HTML, działające na żywo z wbudowanym serwerem tożsamości. Wszystko tu działa: zarejestruj się, otwórz mail z potwierdzeniem w poczcie, zaloguj się, zmień swoje dane.',
  homeSession: 'Ta przeglądarka',
  sessionStarting: 'Łączenie z serwerem…',
  sessionAnonymous: 'Anonimowy gość',
  sessionSignedIn: 'Zalogowano (klient nr {id})',
  sessionOffline: 'Serwer nie odpowiada. Uruchom go poleceniem npm start.',
  serverMode: 'Tryb rejestracji na tym serwerze: {mode}',
  homeGalleryText: 'Każdy element w każdym stanie naraz, jasny i ciemny obok siebie.',
  homeThemeText: 'Zmieniaj na żywo kolory, zaokrąglenia, odstępy i krój pisma, potem skopiuj CSS.',
  homeMailboxText: 'Poczta wysłana przez serwer: linki potwierdzenia, aktywacji i zmiany hasła.',
  live: 'Na żywo',
  markup: 'Kod HTML',
  events: 'Zdarzenia',
  eventsEmpty: 'Tu pojawią się zdarzenia wysyłane przez element.',
  clearEvents: 'Wyczyść zdarzenia',
  tryIt: 'Wypróbuj',
  facebookStandInTitle: 'Zastępca Facebooka, nie Facebook',
  facebookStandInText:
    'Na tym serwerze nie skonfigurowano aplikacji Facebooka, więc npm start uruchamia na tym komputerze zastępcę Facebooka (aplikacja demo {app}). Ten przycisk wczytuje jego kopię JS SDK Facebooka; logowanie to okno dialogowe oznaczone „Facebook stand-in”. Nic nie trafia do Facebooka.',
  galleryTitle: 'Galeria',
  galleryLead:
    'Każdy element w każdym stanie naraz, jasny i ciemny obok siebie. To prawdziwe elementy, wypełnione i wysłane tak, jak zrobiłby to klient, połączone z klientem podglądu, który odpowiada tak, jak wymaga dany stan (demo/preview-client.ts), więc serwer nie jest potrzebny: używaj go też we własnych przeglądach projektu.',
  galleryJump: 'Elementy w galerii',
  galleryAll: 'Wszystkie elementy',
  galleryLight: 'Jasny',
  galleryDark: 'Ciemny',
  loading: 'Wczytywanie…',
  themeTitle: 'Plac zabaw motywu',
  themeLead: 'Każda zmiana od razu dotyczy elementów po prawej. Gdy wygląda dobrze, skopiuj CSS do swojej strony.',
  themeReset: 'Przywróć',
  themeCss: 'CSS do skopiowania',
  themeCopy: 'Kopiuj CSS',
  themeCopied: 'Skopiowano',
  themeCopyFailed: 'Zaznacz tekst i skopiuj go',
  themeColours: 'Kolory',
  themeShape: 'Kształt i typografia',
  themePreviewScheme: 'Schemat podglądu',
  themeBoth: 'Oba',
  themeLightValue: '{name}, jasny',
  themeDarkValue: '{name}, ciemny',
  themeContrast: 'Kontrast (WCAG 2.2 AA)',
  themePair: 'Para',
  themePass: 'wystarcza',
  themeFail: 'za niski',
  themeNoChanges: '/* Brak zmian: obowiązują wartości domyślne. */',
  themePreview: 'Podgląd',
  themeSample: 'Element w podglądzie',
  mailboxTitle: 'Poczta',
  mailboxLead: 'Bez SMTP serwer trzyma pocztę w skrzynce nadawczej. Otwórz wiadomość i kliknij link: prowadzi z powrotem do tego demo.',
  mailboxFilter: 'Tylko poczta do',
  mailboxRefresh: 'Odśwież',
  mailboxEmpty: 'Brak poczty. Zarejestruj konto albo poproś o zmianę hasła.',
  mailboxUnavailable: 'Ten serwer nie ma skrzynki nadawczej (skonfigurowano SMTP albo nie działa w trybie lokalnym).',
  mailboxTo: 'Do',
  mailboxSent: 'Wysłano',
  mailboxCount: { one: '{n} wiadomość', few: '{n} wiadomości', many: '{n} wiadomości', other: '{n} wiadomości' },
  landingTitle: 'Link z wiadomości',
  landingLead: 'Tu prowadzą linki z wiadomości e-mail.',
  notFoundTitle: 'Nie znaleziono strony',
  notFoundText: 'Pod tym adresem nie ma strony demo.',
  backHome: 'Wróć do przeglądu',
};

const TABLES: Record<DemoLang, DemoStrings> = { en, pl };

export function strings(lang: DemoLang): DemoStrings {
  return TABLES[lang];
}

/** `{name}` placeholders filled from `values`. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

/** A count in the language's plural form (`Intl.PluralRules`), `{n}` filled: "1 message", "2 messages". */
export function fillCount(lang: DemoLang, forms: PluralForms, n: number): string {
  return fill(plural(lang, forms)(n), { n });
}
