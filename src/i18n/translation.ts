import type { ErrorCode } from '../contract/errors.js';
import type { PasswordRule } from '../contract/password-policy.js';
import type { AgreementName, profileFields } from '../contract/schemas.js';

/** The profile fields a form may show (free attributes, tags and agreements have their own UI). */
export type ProfileFieldName = Exclude<keyof typeof profileFields, 'agreements' | 'attributes' | 'tags'>;

type Text = string;
type Counted = (n: number) => string;
type ForEmail = (email: string) => string;

/**
 * Every string the elements show. A language is one complete table; a site overrides any part
 * of it with `setTranslations()` or an element's `translations` property.
 */
export interface Translation {
  /** BCP 47 tag of the table, e.g. `en`. */
  lang: string;

  // ---- fields ----
  email: Text;
  password: Text;
  currentPassword: Text;
  newPassword: Text;
  confirmPassword: Text;
  fields: Record<ProfileFieldName, Text>;
  sexOptions: { choose: Text; FEMALE: Text; MALE: Text; OTHER: Text; NOT_SPECIFIED: Text };
  agreementsLegend: Text;
  agreements: Record<AgreementName, Text>;
  optional: Text;
  showPassword: Text;
  passwordHint: Text;
  ruleMet: Text;
  ruleNotMet: Text;
  rules: Record<PasswordRule, Counted>;

  // ---- validation ----
  valueMissing: Text;
  emailInvalid: Text;
  passwordWeak: Text;
  passwordMismatch: Text;
  dateInvalid: Text;
  countryCodeInvalid: Text;
  urlInvalid: Text;
  tooLong: Counted;
  valueInvalid: Text;
  valueTaken: Text;
  /** Summary of a form that did not pass: `n` fields to fix. */
  formInvalid: Counted;

  // ---- actions and states shared by the forms ----
  busy: Text;
  retry: Text;
  notReady: Text;
  signedIn: Text;
  signedOut: Text;
  signOut: Text;
  signOutAll: Text;
  signingOut: Text;
  /** `relative` like "in 5 minutes", `time` like "14:32". */
  retryAt: (relative: string, time: string) => string;
  // ---- <snr-auth>, and the shared look ----
  /** "No account?" before the link to the registration view. */
  authNoAccount: Text;
  authCreateAccount: Text;
  /** "Already have an account?" before the link to the sign-in view. */
  authHaveAccount: Text;
  authSignIn: Text;
  /** The heading of the signed-in view. */
  authSignedInAs: ForEmail;
  /** One unmet password rule, `rule` as the rule list words it ("at least 12 characters"). */
  passwordNeeds: (rule: string) => string;
  /** EMAIL_TAKEN under the email field; its actions follow it. */
  emailTaken: Text;
  emailTakenSignIn: Text;
  emailTakenReset: Text;

  // ---- <snr-signin> ----
  signInHeading: Text;
  signInSubmit: Text;
  signInBusy: Text;
  forgotPassword: Text;
  resendActivation: Text;
  activationResent: ForEmail;
  forgotHeading: Text;
  forgotIntro: Text;
  forgotSubmit: Text;
  forgotBusy: Text;
  forgotSent: ForEmail;
  backToSignIn: Text;
  termsHeading: Text;
  termsIntro: Text;
  termsLink: Text;
  termsAccept: Text;
  termsRequired: Text;
  termsSubmit: Text;
  approvalHeading: Text;
  approvalNotice: Text;
  stepHeading: Text;
  stepUnsupported: Text;
  // the email-code steps (`methods="code"`)
  codeRequest: Text;
  codeRequestBusy: Text;
  codeLoading: Text;
  codeRequestHeading: Text;
  codeRequestIntro: Text;
  codeHeading: Text;
  codeIntro: ForEmail;
  codeLabel: Text;
  codeHint: Text;
  codeInvalid: Text;
  codeResent: ForEmail;
  codeUsePassword: Text;
  codeOtherEmail: Text;

  // ---- <snr-register> ----
  registerHeading: Text;
  registerSubmit: Text;
  registerBusy: Text;
  registeredSignedIn: Text;
  confirmEmailNotice: ForEmail;
  activationHeading: Text;
  activationNotice: ForEmail;
  resendEmail: Text;
  resending: Text;
  emailResent: ForEmail;
  registeredSignInFailed: Text;
  registeredAwaitingApproval: Text;
  pinHeading: Text;
  pinIntro: ForEmail;
  pinLabel: Text;
  pinHint: Text;
  pinInvalid: Text;
  pinSubmit: Text;
  pinBusy: Text;
  pinActivated: Text;
  pinActivatedSignedIn: Text;
  pinResend: Text;
  pinResendWait: Counted;
  pinResent: ForEmail;

  // ---- <snr-account> ----
  accountHeading: Text;
  accountLoading: Text;
  accountStale: Text;
  save: Text;
  saving: Text;
  saved: Text;
  nothingToSave: Text;
  // <snr-account>: the email change and the deletion; <snr-landing>: the email-change link
  changeEmail: Text;
  changeEmailHeading: Text;
  changeEmailIntro: ForEmail;
  newEmail: Text;
  changeEmailSubmit: Text;
  changeEmailBusy: Text;
  changeEmailSentHeading: Text;
  changeEmailSent: ForEmail;
  backToAccount: Text;
  deleteAccount: Text;
  deleteAccountHeading: Text;
  deleteAccountIntro: Text;
  deleteAccountWarning: Text;
  deleteAccountLosesData: Text;
  deleteAccountLosesSignIn: Text;
  deleteAccountLosesSessions: Text;
  deleteAccountPasswordHint: Text;
  /** An account without a password proves it is its customer with its provider (`<snr-account>`'s email-change and delete steps). */
  accountProofIntro: (provider: string) => string;
  accountProofDone: (provider: string) => string;
  accountProofMissing: Text;
  accountProofUnavailable: Text;
  deleteAccountSubmit: Text;
  deleteAccountBusy: Text;
  accountDeleted: Text;
  emailChangeLinkHeading: Text;
  emailChanging: Text;
  emailChanged: Text;
  emailChangeLinkAgain: Text;
  // <snr-signin>: the second-factor step; <snr-account>: the authenticator and its recovery codes
  mfaHeading: Text;
  mfaIntro: Text;
  mfaCodeLabel: Text;
  mfaCodeInvalid: Text;
  mfaRecoveryIntro: Text;
  mfaRecoveryLabel: Text;
  mfaRecoveryInvalid: Text;
  mfaUseRecovery: Text;
  mfaUseApp: Text;
  mfaSubmit: Text;
  mfaBusy: Text;
  mfaOff: Text;
  mfaOn: Text;
  mfaCodesLeft: Counted;
  mfaEnable: Text;
  mfaEnrollHeading: Text;
  mfaScanIntro: Text;
  /** The QR code's text alternative. */
  mfaQrLabel: Text;
  mfaKeyLabel: Text;
  mfaCopy: Text;
  mfaCopied: Text;
  mfaConfirmSubmit: Text;
  mfaRecoveryHeading: Text;
  mfaRecoveryCodesIntro: Text;
  mfaDownload: Text;
  mfaDone: Text;
  mfaRegenerate: Text;
  mfaRegenerateIntro: Text;
  mfaDisable: Text;
  mfaDisableIntro: Text;
  mfaDisabled: Text;
  mfaEnabled: Text;
  /** `<snr-account>`: the button that opens the second factor's view. */
  mfaManage: Text;
  // ---- <snr-account>: signed-in devices (the sessions capability) ----
  sessionsHeading: Text;
  sessionsIntro: Text;
  /** The button that opens the list. */
  sessionsOpen: Text;
  sessionsLoading: Text;
  sessionsThisDevice: Text;
  sessionsUnknownDevice: Text;
  /** "Chrome 131 on macOS": the browser and the system as the server read them from the user agent. */
  sessionsBrowserOn: (browser: string, system: string) => string;
  /** `when` is relative, from `Intl.RelativeTimeFormat` in the table's language: "3 days ago", "yesterday". */
  sessionsSignedIn: (when: string) => string;
  sessionsLastActive: (when: string) => string;
  /** The question before one device is signed out; `device` as the list names it. */
  sessionsConfirm: (device: string) => string;
  sessionsConfirmSubmit: Text;
  sessionsSignedOutOne: (device: string) => string;
  /** Only this device is signed in. */
  sessionsNoOthers: Text;
  sessionsSignOutOthers: Text;
  sessionsConfirmOthers: Text;
  sessionsSignedOutOthers: Counted;

  // ---- <snr-change-password> ----
  changePasswordHeading: Text;
  changePasswordSubmit: Text;
  changePasswordBusy: Text;
  currentPasswordWrong: Text;
  passwordChanged: Text;

  // ---- <snr-landing> ----
  activateHeading: Text;
  activating: Text;
  activated: Text;
  confirmHeading: Text;
  confirming: Text;
  confirmed: Text;
  alreadyConfirmed: Text;
  resetHeading: Text;
  resetSubmit: Text;
  resetBusy: Text;
  resetDone: Text;
  /** Heading of a link whose action is missing or unknown. */
  linkHeading: Text;
  linkIncomplete: Text;
  newLinkIntro: Text;
  newLinkSubmit: Text;
  newLinkSent: ForEmail;

  // ---- <snr-facebook-button> ----
  facebookContinue: Text;
  facebookBusy: Text;
  facebookUnavailable: Text;
  /** Facebook's script did not load (offline, or a content blocker). */
  facebookSdkFailed: Text;
  /** The step a new customer sees before an account is made from their Facebook profile. */
  facebookNewHeading: Text;
  facebookNewIntro: Text;
  facebookCreate: Text;
  facebookCreating: Text;
  /** `<snr-provider-button>`: the providers' own labels (their branding rules), busy texts, failures, the new-customer step's text. */
  providerGoogle: Text;
  providerApple: Text;
  providerGoogleBusy: Text;
  providerAppleBusy: Text;
  providerUnavailable: Text;
  providerScriptFailed: Text;
  providerNewIntro: Text;
  cancel: Text;
  // ---- passkeys (<snr-signin>, <snr-register>, <snr-account>) ----
  passkeySignIn: Text;
  passkeySignInBusy: Text;
  passkeyRegister: Text;
  passkeyRegisterPassword: Text;
  passkeyRegisterSubmit: Text;
  passkeyRegisterIntro: Text;
  passkeysHeading: Text;
  passkeysIntro: Text;
  passkeysManage: Text;
  passkeysLoading: Text;
  passkeysEmpty: Text;
  passkeysClose: Text;
  passkeyAdd: Text;
  passkeyAddBusy: Text;
  passkeyAdded: (name: string) => string;
  passkeyCreated: (date: string) => string;
  passkeyLastUsed: (date: string) => string;
  passkeyNeverUsed: Text;
  passkeySynced: Text;
  passkeyThisDevice: Text;
  passkeyRename: Text;
  passkeyName: Text;
  passkeyRenamed: (name: string) => string;
  passkeyRemove: Text;
  passkeyRemoveHeading: (name: string) => string;
  passkeyRemoveIntro: Text;
  passkeyRemoveWithPasskey: Text;
  passkeyRemoveBusy: Text;
  passkeyRemoved: (name: string) => string;

  /** What the customer reads for each error code of the contract. */
  errors: Record<ErrorCode, Text>;
}

/** Any part of a table: what a site passes to override strings. */
export type TranslationOverrides = {
  [K in keyof Translation]?: Translation[K] extends string | ((...args: never[]) => string) ? Translation[K] : Partial<Translation[K]>;
};
