import { renderSVG } from 'uqr';
import { createApiClient } from '../src/api/client.js';
import { DEFAULT_PASSWORD_POLICY } from '../src/contract/password-policy.js';
import type {
  AccountInformation,
  AuthCondition,
  ConditionalStatus,
  CustomerSession,
  Passkey,
  PublicConfig,
  RecoveryCodes,
  RegisterResponse,
  RegistrationMode,
  RegistrationStatus,
  SecondFactorStatus,
  TotpEnrollment,
} from '../src/contract/schemas.js';
import type { FacebookLoginResponse, FacebookSdk } from '../src/elements/snr-facebook-button/facebook-sdk.js';
import {
  type Client,
  type ConditionalResult,
  type ConditionalSignInOptions,
  type PasskeySignInOptions,
  type RegisterContext,
  type SessionChange,
  type SessionListener,
  type SessionState,
  SnrError,
  type TokenInfo,
  type UpdateAccountContext,
  type UpdateBasicInformationContext,
} from '../src/session/index.js';

/** An answer that never comes: the element stays busy. */
export const NEVER = Symbol('never');

/** How one kind of call answers: with its value, with a coded error, or never. */
export type Answer<T> = T | SnrError | typeof NEVER;

/**
 * What a preview Client answers. Every call succeeds unless its answer is given; a call that
 * succeeds changes the session the way the real one would (a sign-in signs in).
 */
export interface PreviewAnswers {
  /** The session reported from the start: a visitor (default) or the sample customer. */
  signedIn?: boolean;
  /** The sample customer's details are in the cache (default: while signed in). */
  cached?: boolean;
  /** The public configuration's Facebook app (default: one is configured). */
  facebookAppId?: string | null;
  /**
   * The rest of the public configuration over the preview's (`registrationMode` also decides what a
   * registration answers, `passkeys` and `signInMethods` what the sign-in form offers).
   */
  config?: Partial<PublicConfig>;
  signIn?: Answer<void>;
  /**
   * What a conditional sign-in (password or emailed code) answers instead of a token, with the
   * conditions the server sends for it: `UNAUTHORIZED` (a wrong code), `MFA_REQUIRED`,
   * `TERMS_ACCEPTANCE_REQUIRED`, `APPROVAL_REQUIRED`, `ACTIVATION_REQUIRED` (`PIN_ACTIVATION` in
   * the `pin` mode). Sent again with the terms accepted, or after the activation code, it signs in.
   */
  signInStatus?: Exclude<ConditionalStatus, 'SUCCESS'>;
  /** Whether the sample customer has an authenticator (default: none). */
  secondFactor?: SecondFactorStatus['totp'];
  /** How a code of the authenticator (or a recovery code) is taken: at the sign-in, the enrolment, new codes, turning it off. */
  secondFactorCode?: Answer<void>;
  registerAccount?: Answer<RegistrationStatus>;
  requestAccountActivation?: Answer<void>;
  confirmAccountActivation?: Answer<void>;
  requestPasswordReset?: Answer<void>;
  confirmPasswordReset?: Answer<void>;
  getAccount?: Answer<void>;
  updateAccount?: Answer<void>;
  changePassword?: Answer<void>;
  requestEmailChange?: Answer<void>;
  confirmEmailChange?: Answer<void>;
  deleteAccount?: Answer<void>;
  getSessions?: Answer<void>;
  signOutSession?: Answer<void>;
  signOut?: Answer<void>;
  authenticateByFacebookRegistered?: Answer<ConditionalStatus>;
  authenticateByFacebook?: Answer<void>;
  /** Passkeys: every passkey call (sign-in, add, list, rename, remove, registration). */
  passkeys?: Answer<void>;
  requestSignInCode?: Answer<{ expiresIn: number; resendAfter: number }>;
  signInWithCode?: Answer<void>;
}

/** A coded refusal, as the server would send it. */
export function refusal(code: SnrError['code'], status = 400, options: { retryAfter?: number } = {}): SnrError {
  return new SnrError(code, `preview: ${code}`, { status, ...options });
}

export const SAMPLE_ACCOUNT: AccountInformation = Object.freeze({
  clientId: 1,
  uuid: '00000000-0000-4000-8000-000000000000',
  email: 'name@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  displayName: null,
  phone: '+44 20 7946 0000',
  customId: null,
  sex: null,
  birthDate: null,
  company: null,
  address: null,
  city: 'London',
  province: null,
  zipCode: null,
  countryCode: 'GB',
  avatarUrl: null,
  agreements: { email: true, sms: false, push: false, bluetooth: false, rfid: false, wifi: false },
  attributes: {},
  tags: [],
  anonymous: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastActivityDate: null,
});

export const SAMPLE_PASSKEY: Passkey = Object.freeze({
  id: 'preview-1',
  name: 'iCloud Keychain',
  createdAt: '2026-01-01T00:00:00.000Z',
  lastUsedAt: '2026-02-01T00:00:00.000Z',
  deviceType: 'multiDevice',
  backedUp: true,
  transports: ['internal', 'hybrid'],
}) as Passkey;

/** The sample customer's devices: this laptop, a phone used an hour ago, a tablet last week. */
function sampleSessions(): CustomerSession[] {
  const now = Date.now();
  const hour = 3_600_000;
  return [
    {
      id: 'preview-this',
      current: true,
      createdAt: now - 30 * 24 * hour,
      lastActiveAt: now,
      browser: 'Firefox 133',
      os: 'macOS',
      device: null,
      deviceType: 'desktop',
    },
    {
      id: 'preview-phone',
      current: false,
      createdAt: now - 3 * 24 * hour,
      lastActiveAt: now - hour,
      browser: 'Mobile Safari 17',
      os: 'iOS',
      device: 'Apple iPhone',
      deviceType: 'mobile',
    },
    {
      id: 'preview-tablet',
      current: false,
      createdAt: now - 60 * 24 * hour,
      lastActiveAt: now - 7 * 24 * hour,
      browser: 'Chrome 131',
      os: 'Android',
      device: 'Samsung SM-X710',
      deviceType: 'tablet',
    },
  ];
}

/** The sample terms a `TERMS_ACCEPTANCE_REQUIRED` answer names (`SNR_TERMS_VERSION`, `SNR_TERMS_URL`). */
export const SAMPLE_TERMS = Object.freeze({ version: '2026-01', url: 'https://example.com/terms' });

/** The sample authenticator key (base32), as an enrolment answers it. */
const SAMPLE_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SAMPLE_TOTP_URI = `otpauth://totp/snr-auth:name%40example.com?issuer=snr-auth&secret=${SAMPLE_TOTP_SECRET}&algorithm=SHA1&digits=6&period=30`;
/** The server's QR code of the sample key: the same encoder and options as server/src/identity/totp.ts. */
const sampleQrSvg = (): string => renderSVG(SAMPLE_TOTP_URI, { ecc: 'M', border: 2 });

/** Ten recovery codes as the server makes them (`xxxxx-xxxxx`, no 0/o, 1/l/i). */
const SAMPLE_RECOVERY_CODES = [
  'k7m2p-x9qrt',
  'h4nw8-c3vze',
  'b6tjy-m2kqa',
  'r8fuc-n5xwh',
  'z3gsd-p7yek',
  'w9avb-t4jmn',
  'e2qhx-r6czf',
  'n5ykt-g8bsu',
  'c7dwm-a3hvp',
  'u4pzr-k9etj',
];

const VISITOR_UUID = '00000000-0000-4000-8000-00000000000a';
const MODES = { REGISTERED: 'automatic', CONFIRMATION_REQUIRED: 'confirmation', ACTIVATION_REQUIRED: 'activation', APPROVAL_REQUIRED: 'approval' } as const;

/** The same name in every preview: the Client's side a site sees (TypeScript cannot name a class's public side). */
type ClientSurface = Pick<Client, keyof Client>;

/**
 * A Client for design reviews: the real one's interface, no server. Each call answers as the
 * state under review asks (`PreviewAnswers`), so the real elements, driven as a customer would
 * drive them, reach every state. Lives in the demo: nothing of it ships.
 */
export class PreviewClient implements ClientSurface {
  /** No server behind a preview: every request through it is refused. */
  readonly api = createApiClient({
    baseUrl: 'https://preview.invalid',
    apiKey: 'preview',
    fetch: () => Promise.reject(new TypeError('A preview has no server')),
  });
  readonly ready: Promise<Client>;
  private current: SessionState;
  private readonly listeners = new Set<SessionListener>();
  private readonly answers: PreviewAnswers;
  private account: AccountInformation = SAMPLE_ACCOUNT;
  private sessions: CustomerSession[] = sampleSessions();
  private cached: boolean;
  /** The `pin` mode's account took its activation code: the next sign-in is let in. */
  private activated = false;
  private totp: SecondFactorStatus;

  constructor(answers: PreviewAnswers = {}) {
    this.answers = answers;
    this.current = answers.signedIn ? this.signedInState() : this.visitorState();
    this.cached = answers.cached ?? !!answers.signedIn;
    this.totp = answers.secondFactor === 'ACTIVE' ? { totp: 'ACTIVE', recoveryCodesLeft: 8 } : { totp: answers.secondFactor ?? 'NONE', recoveryCodesLeft: 0 };
    this.ready = Promise.resolve(this.asClient());
  }

  /** What the hub holds: this, seen as the Client it stands in for. */
  asClient(): Client {
    return this as unknown as Client;
  }

  get state(): SessionState {
    return this.current;
  }

  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getUUID(): string {
    return this.current.uuid;
  }

  isSignedIn(): boolean {
    return this.current.status === 'signed-in';
  }

  retrieveToken(): Promise<TokenInfo> {
    return Promise.reject(refusal('UNAVAILABLE', 0));
  }

  refreshToken(): Promise<TokenInfo> {
    return Promise.reject(refusal('UNAVAILABLE', 0));
  }

  getPublicConfig(): Promise<PublicConfig> {
    const appId = this.answers.facebookAppId === undefined ? 'preview-app' : this.answers.facebookAppId;
    return Promise.resolve({
      registrationMode: 'automatic',
      passwordPolicy: { ...DEFAULT_PASSWORD_POLICY },
      tokenLifetime: 3600,
      ...(appId === null ? {} : { facebookAppId: appId }),
      oauthEnabled: false,
      agreements: ['email', 'sms'],
      ...this.answers.config,
    });
  }

  async signIn(_email: string, _password: string): Promise<void> {
    await this.answer(this.answers.signIn, undefined);
    this.change(this.signedInState(), { type: 'signed-in' });
  }

  async signInConditionally(_email: string, _password: string, options: ConditionalSignInOptions = {}): Promise<ConditionalResult> {
    await this.answer(this.answers.signIn, undefined);
    return this.conditionally(options, 'SYNERISE');
  }

  /** A conditional sign-in's answer, as the server gives it: the status under review with its conditions, or a token. */
  private conditionally(options: ConditionalSignInOptions, origin: SessionState['origin']): ConditionalResult {
    const status = this.answers.signInStatus;
    const through =
      status === undefined ||
      (status === 'TERMS_ACCEPTANCE_REQUIRED' && options.acceptedTermsVersion === SAMPLE_TERMS.version) ||
      (status === 'ACTIVATION_REQUIRED' && this.activated);
    if (!through) return { status, conditions: this.conditionsOf(status) };
    this.change(this.signedInState(origin), { type: 'signed-in' });
    return { status: 'SUCCESS', conditions: [] };
  }

  /** The conditions the server sends with a status (server/src/routes/auth.ts, `conditionalAnswer`). */
  private conditionsOf(status: Exclude<ConditionalStatus, 'SUCCESS'>): AuthCondition[] {
    switch (status) {
      case 'UNAUTHORIZED':
        return [];
      case 'ACTIVATION_REQUIRED':
        return [{ type: this.answers.config?.registrationMode === 'pin' ? 'PIN_ACTIVATION' : 'EMAIL_ACTIVATION' }];
      case 'REGISTRATION_REQUIRED':
        return [{ type: 'REGISTRATION' }];
      case 'APPROVAL_REQUIRED':
        return [{ type: 'APPROVAL' }];
      case 'TERMS_ACCEPTANCE_REQUIRED':
        return [{ type: 'TERMS_ACCEPTANCE', termsVersion: SAMPLE_TERMS.version, termsUrl: SAMPLE_TERMS.url }];
      case 'MFA_REQUIRED':
        return [{ type: 'MFA', methods: ['TOTP', 'RECOVERY_CODE'], challenge: 'preview-challenge-0123456789abcdef' }];
    }
  }

  authenticate(): Promise<void> {
    return this.authenticateByFacebook();
  }

  authenticateConditionally(): Promise<ConditionalResult> {
    return this.authenticateByFacebookRegistered();
  }

  async authenticateByFacebook(): Promise<void> {
    await this.answer(this.answers.authenticateByFacebook, undefined);
    this.change(this.signedInState('FACEBOOK'), { type: 'signed-in' });
  }

  async authenticateByFacebookRegistered(): Promise<ConditionalResult> {
    const status = await this.answer<ConditionalStatus>(this.answers.authenticateByFacebookRegistered, 'SUCCESS');
    if (status === 'SUCCESS') this.change(this.signedInState('FACEBOOK'), { type: 'signed-in' });
    return { status, conditions: [] };
  }

  async signOut(): Promise<void> {
    await this.answer(this.answers.signOut, undefined);
    if (this.isSignedIn()) this.change(this.visitorState(), { type: 'signed-out', reason: 'USER_SIGN_OUT', fromAllDevices: false });
  }

  destroySession(): Promise<void> {
    return this.signOut();
  }

  async regenerateUUID(): Promise<string> {
    if (this.isSignedIn()) throw refusal('SIGNED_IN', 0);
    return this.current.uuid;
  }

  /** A preview's visitor is one fixed UUID, whatever the authID. */
  async getUUIDForAuthentication(_authID: string): Promise<string> {
    return VISITOR_UUID;
  }

  /** A preview tracks nothing either way. */
  doNotTrack = false;

  async setDoNotTrack(on: boolean): Promise<void> {
    this.doNotTrack = on;
  }

  async updateAccountBasicInformation(_context: UpdateBasicInformationContext): Promise<void> {
    await this.answer(this.answers.updateAccount, undefined);
  }

  async registerAccount(context: RegisterContext): Promise<RegisterResponse> {
    const status = await this.answer<RegistrationStatus>(this.answers.registerAccount, 'REGISTERED');
    this.account = { ...SAMPLE_ACCOUNT, email: context.email };
    // The `pin` mode answers as the activation mode does, under its own name (the code comes by mail).
    const mode: RegistrationMode = status === 'ACTIVATION_REQUIRED' && this.answers.config?.registrationMode === 'pin' ? 'pin' : MODES[status];
    return {
      status,
      registrationMode: mode,
      clientId: SAMPLE_ACCOUNT.clientId,
      uuid: this.current.uuid,
      canSignIn: status === 'REGISTERED' || status === 'CONFIRMATION_REQUIRED',
    };
  }

  requestAccountActivation(_email: string): Promise<void> {
    return this.answer(this.answers.requestAccountActivation, undefined);
  }

  requestAccountActivationByPin(_email: string): Promise<void> {
    return this.answer(this.answers.requestAccountActivation, undefined);
  }

  async confirmAccountActivationByPin(_pin: string, _email: string): Promise<void> {
    await this.answer(this.answers.confirmAccountActivation, undefined);
    this.activated = true;
  }

  /** A code mailed: valid ten minutes, a new one after 30 s (the server's defaults), or as the state answers. */
  requestSignInCode(_email: string): Promise<{ expiresIn: number; resendAfter: number }> {
    return this.answer(this.answers.requestSignInCode, { expiresIn: 600, resendAfter: 30 });
  }

  async signInWithCode(_email: string, _code: string): Promise<void> {
    await this.answer(this.answers.signInWithCode, undefined);
    this.change(this.signedInState('EMAIL_CODE'), { type: 'signed-in' });
  }

  async signInWithCodeConditionally(_email: string, _code: string, options: ConditionalSignInOptions = {}): Promise<ConditionalResult> {
    await this.answer(this.answers.signInWithCode, undefined);
    return this.conditionally(options, 'EMAIL_CODE');
  }

  confirmAccountActivation(_token: string): Promise<void> {
    return this.answer(this.answers.confirmAccountActivation, undefined);
  }

  requestPasswordReset(_email: string): Promise<void> {
    return this.answer(this.answers.requestPasswordReset, undefined);
  }

  confirmPasswordReset(_token: string, _password: string): Promise<void> {
    return this.answer(this.answers.confirmPasswordReset, undefined);
  }

  async getAccount(): Promise<AccountInformation> {
    if (!this.isSignedIn()) throw refusal('TOKEN_INVALID', 401);
    await this.answer(this.answers.getAccount, undefined);
    this.cached = true;
    return this.account;
  }

  getCachedAccount(): AccountInformation | null {
    return this.isSignedIn() && this.cached ? this.account : null;
  }

  async updateAccount(context: UpdateAccountContext): Promise<AccountInformation> {
    await this.answer(this.answers.updateAccount, undefined);
    const { agreements, ...profile } = context;
    this.account = { ...this.account, ...(profile as Partial<AccountInformation>), agreements: { ...this.account.agreements, ...agreements } };
    return this.account;
  }

  changePassword(_oldPassword: string, _password: string): Promise<void> {
    return this.answer(this.answers.changePassword, undefined);
  }

  requestEmailChange(_email: string): Promise<void> {
    return this.answer(this.answers.requestEmailChange, undefined);
  }

  confirmEmailChange(_token: string): Promise<void> {
    return this.answer(this.answers.confirmEmailChange, undefined);
  }

  /** Signed-in devices: this one and two others, as a customer with a phone and a laptop has. */
  async getSessions(): Promise<CustomerSession[]> {
    await this.answer(this.answers.getSessions, undefined);
    return this.sessions;
  }

  async signOutSession(sessionId: string): Promise<void> {
    await this.answer(this.answers.signOutSession, undefined);
    this.sessions = this.sessions.filter((s) => s.id !== sessionId);
  }

  async signOutOtherSessions(): Promise<number> {
    await this.answer(this.answers.signOutSession, undefined);
    const before = this.sessions.length;
    this.sessions = this.sessions.filter((s) => s.current);
    return before - this.sessions.length;
  }

  serverTime(): number {
    return Date.now();
  }

  async deleteAccount(_clientAuthFactor: string): Promise<void> {
    await this.answer(this.answers.deleteAccount, undefined);
    if (this.isSignedIn()) this.change(this.visitorState(), { type: 'signed-out', reason: 'USER_ACCOUNT_DELETED', fromAllDevices: false });
  }

  /** The second factor: off unless the state says the sample customer has one (with eight recovery codes left). */
  async getSecondFactor(): Promise<SecondFactorStatus> {
    return this.totp;
  }

  /** The sample key, its URI and the server's QR code of it: what an enrolment answers. */
  async enrollTotp(): Promise<TotpEnrollment> {
    if (this.totp.totp === 'ACTIVE') throw refusal('MFA_ALREADY_ENABLED', 409);
    this.totp = { totp: 'PENDING', recoveryCodesLeft: 0 };
    return { uri: SAMPLE_TOTP_URI, secret: SAMPLE_TOTP_SECRET, qrSvg: sampleQrSvg() };
  }

  async confirmTotpEnrollment(_code: string): Promise<RecoveryCodes> {
    if (this.totp.totp === 'ACTIVE') throw refusal('MFA_ALREADY_ENABLED', 409);
    if (this.totp.totp !== 'PENDING') throw refusal('MFA_NOT_ENABLED', 409);
    await this.answer(this.answers.secondFactorCode, undefined);
    this.totp = { totp: 'ACTIVE', recoveryCodesLeft: SAMPLE_RECOVERY_CODES.length };
    return { recoveryCodes: [...SAMPLE_RECOVERY_CODES] };
  }

  async disableTotp(): Promise<void> {
    if (this.totp.totp !== 'ACTIVE') throw refusal('MFA_NOT_ENABLED', 409);
    await this.answer(this.answers.secondFactorCode, undefined);
    this.totp = { totp: 'NONE', recoveryCodesLeft: 0 };
  }

  async regenerateRecoveryCodes(_code: string): Promise<RecoveryCodes> {
    if (this.totp.totp !== 'ACTIVE') throw refusal('MFA_NOT_ENABLED', 409);
    await this.answer(this.answers.secondFactorCode, undefined);
    this.totp = { totp: 'ACTIVE', recoveryCodesLeft: SAMPLE_RECOVERY_CODES.length };
    return { recoveryCodes: [...SAMPLE_RECOVERY_CODES] };
  }

  /** The code step of an `MFA_REQUIRED` answer: the code as the state takes it, then signed in. */
  async completeSignInWithSecondFactor(): Promise<void> {
    if (this.isSignedIn()) throw refusal('SIGNED_IN', 0);
    await this.answer(this.answers.secondFactorCode, undefined);
    this.change(this.signedInState(), { type: 'signed-in' });
  }

  async signInWithPasskey(options: PasskeySignInOptions = {}): Promise<void> {
    // Autofill waits for the customer to pick a passkey among the browser's suggestions: in a preview, nobody does.
    if (options.mediation === 'conditional') {
      return new Promise<void>((_resolve, reject) => {
        options.signal?.addEventListener('abort', () => reject(new DOMException('The autofill was stopped', 'AbortError')), { once: true });
      });
    }
    await this.answer(this.answers.passkeys, undefined);
    this.change(this.signedInState('PASSKEY'), { type: 'signed-in' });
  }

  async registerPasskey(name?: string): Promise<Passkey> {
    await this.answer(this.answers.passkeys, undefined);
    const passkey = { ...SAMPLE_PASSKEY, id: `preview-${this.passkeyList.length + 1}`, name: name ?? SAMPLE_PASSKEY.name };
    this.passkeyList = [...this.passkeyList, passkey];
    return passkey;
  }

  async getPasskeys(): Promise<Passkey[]> {
    await this.answer(this.answers.passkeys, undefined);
    return this.passkeyList;
  }

  async renamePasskey(id: string, name: string): Promise<Passkey> {
    await this.answer(this.answers.passkeys, undefined);
    this.passkeyList = this.passkeyList.map((p) => (p.id === id ? { ...p, name } : p));
    return this.passkeyList.find((p) => p.id === id) ?? { ...SAMPLE_PASSKEY, id, name };
  }

  async removePasskey(id: string): Promise<void> {
    await this.answer(this.answers.passkeys, undefined);
    this.passkeyList = this.passkeyList.filter((p) => p.id !== id);
  }

  async registerAccountWithPasskey(context: Omit<RegisterContext, 'password'>): Promise<RegisterResponse> {
    return this.registerAccount({ ...context, password: '' });
  }

  private passkeyList: Passkey[] = [SAMPLE_PASSKEY];

  /** A preview has no provider to prove anyone with: a nonce of the right shape, for the page's script. */
  getReauthenticationNonce(): Promise<string> {
    return Promise.resolve(crypto.randomUUID().replace(/-/g, ''));
  }

  /** Events go nowhere: a preview has no profile to file them under. */
  track(): string {
    return crypto.randomUUID();
  }

  flushEvents(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }

  private answer<T>(answer: Answer<T> | undefined, otherwise: T): Promise<T> {
    if (answer === NEVER) return new Promise<T>(() => {});
    if (answer instanceof SnrError) return Promise.reject(answer);
    return Promise.resolve(answer === undefined ? otherwise : answer);
  }

  private change(state: SessionState, change: SessionChange): void {
    this.current = state;
    for (const listener of this.listeners) listener(state, change);
  }

  private visitorState(): SessionState {
    return { status: 'anonymous', uuid: VISITOR_UUID, clientId: null, customId: null, origin: null, expiresAt: null, lastError: null, endReason: null };
  }

  private signedInState(origin: SessionState['origin'] = 'SYNERISE'): SessionState {
    return {
      status: 'signed-in',
      uuid: SAMPLE_ACCOUNT.uuid,
      clientId: SAMPLE_ACCOUNT.clientId,
      customId: null,
      origin,
      expiresAt: null,
      lastError: null,
      endReason: null,
    };
  }
}

/** A stand-in of Facebook's SDK whose log-in answers at once with `login`, as a design review needs. */
export function previewFacebookSdk(login: FacebookLoginResponse): FacebookSdk {
  return {
    init: () => undefined,
    login: (callback) => callback(login),
    getLoginStatus: (callback) => callback({ status: 'unknown', authResponse: null }),
  };
}
