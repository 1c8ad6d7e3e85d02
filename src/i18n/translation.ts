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

  /** What the customer reads for each error code of the contract. */
  errors: Record<ErrorCode, Text>;
}

/** Any part of a table: what a site passes to override strings. */
export type TranslationOverrides = {
  [K in keyof Translation]?: Translation[K] extends string | ((...args: never[]) => string) ? Translation[K] : Partial<Translation[K]>;
};
