/**
 * The contract suite: one set of tests for `src/contract/`, run under Node (node:test, in
 * `test/shared/contract.test.ts`) and in Chromium (mocha through web-test-runner, in
 * `test/browser/contract.test.ts`), because browser and server must agree on every rule.
 *
 * It imports nothing from Node or the DOM; assertions use chai's `expect`, which both sides have.
 */
import { expect } from 'chai';
import {
  AGREEMENT_NAMES,
  anonymousLoginRequestSchema,
  changePasswordRequestSchema,
  checkPassword,
  confirmationRequestSchema,
  DEFAULT_PASSWORD_POLICY,
  ERROR_CODES,
  emailRequestSchema,
  emailSchema,
  errorBodySchema,
  eventBatchSchema,
  eventSchema,
  fieldPath,
  issuesToFieldErrors,
  loginRequestSchema,
  MAX_EVENTS_PER_BATCH,
  PASSWORD_RULES,
  type PasswordPolicy,
  passwordInputAttributes,
  passwordLength,
  passwordPolicySchema,
  passwordResetConfirmationSchema,
  passwordRulesAttribute,
  policyProblems,
  publicConfigSchema,
  RESERVED_ATTRIBUTE_KEYS,
  ROUTES,
  type RouteDef,
  registerRequestSchema,
  STATUS_TEXT,
  tokenResponseSchema,
  updateAccountRequestSchema,
  uuidSchema,
} from '../../src/contract/index.js';

type TestFn = () => void | Promise<void>;

/** The part of node:test's and mocha's BDD interface the suite needs. */
export interface SuiteHost {
  describe: (name: string, fn: () => void) => unknown;
  it: (name: string, fn: TestFn) => unknown;
  /**
   * Registers a test that documents a known defect of the contract and is skipped until it is
   * fixed (node:test's and mocha's `it.skip`). Remove the `knownBug(...)` wrapper with the fix.
   */
  skip?: (name: string, fn: TestFn) => unknown;
}

const UUID = '123e4567-e89b-42d3-a456-426614174000';
const OTHER_UUID = '9f0c1b2a-3d4e-4f50-8a6b-7c8d9e0f1a2b';

/** Runs a schema and returns the issues (path, code, message), or the data. */
function parse(schema: { safeParse: (v: unknown, p?: { reportInput?: boolean }) => any }, value: unknown) {
  const r = schema.safeParse(value);
  return r.success
    ? { ok: true as const, data: r.data, issues: [] as { path: PropertyKey[]; code: string; message: string }[] }
    : { ok: false as const, data: undefined, issues: r.error.issues as { path: PropertyKey[]; code: string; message: string }[] };
}
const paths = (issues: { path: PropertyKey[] }[]) => issues.map((i) => fieldPath(i.path));
/** The distinct paths with issues, in order: a value may break several checks at one path. */
const uniquePaths = (issues: { path: PropertyKey[] }[]) => [...new Set(paths(issues))];

function event(i: number, overrides: Record<string, unknown> = {}) {
  return {
    action: 'page.visit',
    label: `visit ${i}`,
    time: '2024-05-01T10:00:00.000Z',
    params: { url: `https://shop.example/p/${i}` },
    eventSalt: `salt-${String(i).padStart(6, '0')}`,
    client: { uuid: UUID },
    ...overrides,
  };
}

const policy = (p: Partial<PasswordPolicy>): PasswordPolicy => ({ ...DEFAULT_PASSWORD_POLICY, ...p });
const NO_CLASSES = { requireUpper: false, requireLower: false, requireDigit: false, requireSymbol: false };

export function contractSuite({ describe, it, skip }: SuiteHost): void {
  const _knownBug = (name: string, fn: TestFn) => skip?.(`KNOWN BUG: ${name}`, fn);

  describe('contract: password policy', () => {
    it('has the default policy of DESIGN.md §6, frozen', () => {
      expect(DEFAULT_PASSWORD_POLICY).to.deep.equal({
        minLength: 6,
        maxLength: 128,
        requireUpper: true,
        requireLower: true,
        requireDigit: true,
        requireSymbol: true,
      });
      expect(Object.isFrozen(DEFAULT_PASSWORD_POLICY)).to.equal(true);
      expect(parse(passwordPolicySchema, DEFAULT_PASSWORD_POLICY).ok).to.equal(true);
    });

    it('accepts a password meeting every default rule, listing every rule in a stable order', () => {
      const check = checkPassword('Abcde1!');
      expect(check.ok).to.equal(true);
      expect(check.failed).to.deep.equal([]);
      expect(check.rules).to.deep.equal([
        { rule: 'minLength', ok: true, value: 6 },
        { rule: 'maxLength', ok: true, value: 128 },
        { rule: 'upper', ok: true },
        { rule: 'lower', ok: true },
        { rule: 'digit', ok: true },
        { rule: 'symbol', ok: true },
      ]);
      expect(check.rules.map((r) => r.rule)).to.deep.equal([...PASSWORD_RULES]);
    });

    it('uses the default policy when none is given', () => {
      for (const pw of ['', 'abc', 'Abcde1!', 'ABCDEF1!', 'x'.repeat(200)]) {
        expect(checkPassword(pw)).to.deep.equal(checkPassword(pw, DEFAULT_PASSWORD_POLICY));
      }
    });

    it('fails each default rule on its own', () => {
      const cases: [string, string[]][] = [
        ['Ab1!x', ['minLength']],
        ['abcde1!', ['upper']],
        ['ABCDE1!', ['lower']],
        ['Abcdef!', ['digit']],
        ['Abcde12', ['symbol']],
        [`Aa1!${'x'.repeat(125)}`, ['maxLength']],
        ['', ['minLength', 'upper', 'lower', 'digit', 'symbol']],
        ['abcdef', ['upper', 'digit', 'symbol']],
      ];
      for (const [pw, failed] of cases) {
        const check = checkPassword(pw);
        expect(check.failed, JSON.stringify(pw)).to.deep.equal(failed);
        expect(check.ok, JSON.stringify(pw)).to.equal(false);
        for (const r of check.rules) expect(r.ok, `${pw} ${r.rule}`).to.equal(!failed.includes(r.rule));
      }
    });

    it('has inclusive length bounds (exactly 6 and exactly 128 pass)', () => {
      expect(checkPassword('Abc1!x').ok).to.equal(true);
      expect(checkPassword('Abc1!').failed).to.deep.equal(['minLength']);
      const at128 = `Aa1!${'x'.repeat(124)}`;
      expect(at128.length).to.equal(128);
      expect(checkPassword(at128).ok).to.equal(true);
      expect(checkPassword(`${at128}y`).failed).to.deep.equal(['maxLength']);
    });

    it('knows upper and lower case beyond ASCII', () => {
      expect(checkPassword('Żółwik1!').ok).to.equal(true);
      expect(checkPassword('ŻÓŁWIK1!').failed).to.deep.equal(['lower']);
      expect(checkPassword('żółwik1!').failed).to.deep.equal(['upper']);
      expect(checkPassword('Σίσυφος1!').ok).to.equal(true);
      expect(checkPassword('Пароль1!').ok).to.equal(true);
      expect(checkPassword('ÄÖü1ß!').ok).to.equal(true);
    });

    it('counts letters of any script as letters, never as symbols', () => {
      // Caseless letters (CJK) are neither upper nor lower, and are not symbols either.
      expect(checkPassword('密码密码密码1').failed).to.deep.equal(['upper', 'lower', 'symbol']);
      expect(checkPassword('Abcdeż1').failed).to.deep.equal(['symbol']);
      expect(checkPassword('Abcdeé1').failed).to.deep.equal(['symbol']);
    });

    it('counts decimal digits of any script as digits', () => {
      expect(checkPassword('Abcde٣!').ok).to.equal(true); // ARABIC-INDIC DIGIT THREE
      expect(checkPassword('Abcde५!').ok).to.equal(true); // DEVANAGARI DIGIT FIVE
    });

    it('counts punctuation, spaces and emoji as symbols', () => {
      for (const s of ['!', '-', '_', ' ', '€', '😀', '.', '"']) {
        expect(checkPassword(`Abcde1${s}`).ok, JSON.stringify(s)).to.equal(true);
      }
    });

    it('counts an emoji as one character, not as two UTF-16 units', () => {
      expect(passwordLength('😀')).to.equal(1);
      expect('😀'.length).to.equal(2);
      expect(passwordLength('😀😀😀')).to.equal(3);
      expect(passwordLength('Żółw')).to.equal(4);
      expect(passwordLength('')).to.equal(0);
      // 5 characters but 7 UTF-16 units: too short.
      expect(checkPassword('Aa1😀😀').failed).to.deep.equal(['minLength']);
      expect(checkPassword('Aa1😀😀😀').ok).to.equal(true);
      // 6 characters but 9 UTF-16 units: within a maximum of 6.
      const max6 = policy({ maxLength: 6 });
      expect(checkPassword('Aa1😀😀😀', max6).ok).to.equal(true);
      expect(checkPassword('Aa1😀😀😀😀', max6).failed).to.deep.equal(['maxLength']);
    });

    it('applies a custom policy: only the enabled rules appear', () => {
      const lenient = policy({ minLength: 1, maxLength: 4, ...NO_CLASSES });
      expect(checkPassword('a', lenient)).to.deep.equal({
        ok: true,
        failed: [],
        rules: [
          { rule: 'minLength', ok: true, value: 1 },
          { rule: 'maxLength', ok: true, value: 4 },
        ],
      });
      expect(checkPassword('', lenient).failed).to.deep.equal(['minLength']);
      expect(checkPassword('abcde', lenient).failed).to.deep.equal(['maxLength']);
      expect(checkPassword('    ', lenient).ok).to.equal(true);

      const digitsOnly = policy({ minLength: 10, maxLength: 20, ...NO_CLASSES, requireDigit: true });
      expect(checkPassword('1234567890', digitsOnly).ok).to.equal(true);
      expect(checkPassword('abcdefghij', digitsOnly).failed).to.deep.equal(['digit']);
      expect(checkPassword('123456789', digitsOnly).failed).to.deep.equal(['minLength']);
      expect(checkPassword('1234567890', digitsOnly).rules.map((r) => r.rule)).to.deep.equal(['minLength', 'maxLength', 'digit']);
      expect(checkPassword('1', digitsOnly).rules[0]).to.deep.equal({ rule: 'minLength', ok: false, value: 10 });
      expect(checkPassword('1', digitsOnly).rules[1]).to.deep.equal({ rule: 'maxLength', ok: true, value: 20 });

      const upperAndSymbol = policy({ minLength: 2, ...NO_CLASSES, requireUpper: true, requireSymbol: true });
      expect(checkPassword('A!', upperAndSymbol).ok).to.equal(true);
      expect(checkPassword('a1', upperAndSymbol).failed).to.deep.equal(['upper', 'symbol']);
    });

    it('writes the passwordrules attribute for the default and custom policies', () => {
      expect(passwordRulesAttribute(DEFAULT_PASSWORD_POLICY)).to.equal(
        'minlength: 6; maxlength: 128; required: upper; required: lower; required: digit; required: special; allowed: upper, lower, digit, special;',
      );
      expect(passwordRulesAttribute(policy({ minLength: 8, maxLength: 64, ...NO_CLASSES }))).to.equal(
        'minlength: 8; maxlength: 64; allowed: upper, lower, digit, special;',
      );
      expect(passwordRulesAttribute(policy({ minLength: 12, maxLength: 40, ...NO_CLASSES, requireDigit: true }))).to.equal(
        'minlength: 12; maxlength: 40; required: digit; allowed: upper, lower, digit, special;',
      );
    });

    it('writes the input attributes from the policy', () => {
      expect(passwordInputAttributes(DEFAULT_PASSWORD_POLICY)).to.deep.equal({
        minlength: 6,
        maxlength: 128,
        passwordrules: passwordRulesAttribute(DEFAULT_PASSWORD_POLICY),
      });
      const custom = policy({ minLength: 10, maxLength: 30, requireSymbol: false });
      expect(passwordInputAttributes(custom)).to.deep.equal({
        minlength: 10,
        maxlength: 30,
        passwordrules: 'minlength: 10; maxlength: 30; required: upper; required: lower; required: digit; allowed: upper, lower, digit, special;',
      });
    });

    it('finds policies no password can satisfy', () => {
      expect(policyProblems(DEFAULT_PASSWORD_POLICY)).to.deep.equal([]);
      expect(policyProblems(policy({ minLength: 10, maxLength: 9 }))).to.deep.equal(['minLength is greater than maxLength']);
      expect(policyProblems(policy({ minLength: 9, maxLength: 9 }))).to.deep.equal([]);
      expect(policyProblems(policy({ minLength: 1, maxLength: 3 }))).to.deep.equal(['maxLength is too short for the required character classes']);
      expect(policyProblems(policy({ minLength: 1, maxLength: 4 }))).to.deep.equal([]);
      expect(policyProblems(policy({ minLength: 1, maxLength: 1, ...NO_CLASSES, requireDigit: true }))).to.deep.equal([]);
      expect(policyProblems(policy({ minLength: 5, maxLength: 3 }))).to.have.length(2);
    });

    it('validates a published policy', () => {
      expect(parse(passwordPolicySchema, policy({ minLength: 0 })).ok).to.equal(false);
      expect(parse(passwordPolicySchema, policy({ minLength: 1.5 })).ok).to.equal(false);
      expect(parse(passwordPolicySchema, policy({ maxLength: 1025 })).ok).to.equal(false);
      expect(parse(passwordPolicySchema, policy({ requireUpper: 'yes' as never })).ok).to.equal(false);
      const { requireSymbol: _dropped, ...missing } = DEFAULT_PASSWORD_POLICY;
      expect(paths(parse(passwordPolicySchema, missing).issues)).to.deep.equal(['requireSymbol']);
    });

    it('the same visible password gets the same verdict in NFC and NFD', () => {
      // 'Passé1' typed as e + U+0301 (NFD) passes the symbol rule on the combining accent and is one
      // character longer; in NFC it fails the symbol rule. Passwords should be NFC-normalised
      // (NIST SP 800-63B 5.1.1.2) before checking, and hashed the same way.
      const nfc = 'Passé1'.normalize('NFC');
      const nfd = 'Passé1'.normalize('NFD');
      expect(checkPassword(nfd)).to.deep.equal(checkPassword(nfc));
      expect(passwordLength(nfd)).to.equal(passwordLength(nfc));
    });

    it('an emoji made of several code points counts as one character, as the customer sees it', () => {
      expect(passwordLength('👍🏽')).to.equal(1); // skin tone modifier: 2 code points
      expect(passwordLength('🇵🇱')).to.equal(1); // flag: 2 regional indicators
      expect(passwordLength('👨‍👩‍👧')).to.equal(1); // ZWJ sequence: 5 code points
    });
  });

  describe('contract: request schemas', () => {
    it('accepts UUIDs in either case and nothing else', () => {
      expect(parse(uuidSchema, UUID).ok).to.equal(true);
      expect(parse(uuidSchema, UUID.toUpperCase()).ok).to.equal(true);
      for (const bad of ['', 'nope', UUID.slice(1), `${UUID}0`, UUID.replace(/-/g, ''), ` ${UUID}`, 42, null]) {
        expect(parse(uuidSchema, bad).ok, String(bad)).to.equal(false);
      }
    });

    it('normalises emails to trimmed lower case', () => {
      expect(parse(emailSchema, '  Foo.Bar@Example.COM \n').data).to.equal('foo.bar@example.com');
      expect(parse(emailSchema, 'a@b.co').data).to.equal('a@b.co');
      for (const bad of ['', '   ', 'not-an-email', 'a@b', '@b.co', 'a b@c.co', 42]) {
        expect(parse(emailSchema, bad).ok, String(bad)).to.equal(false);
      }
      const local = 'a'.repeat(64);
      const long = `${local}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.com`;
      expect(long.length).to.be.greaterThan(254);
      expect(parse(emailSchema, long).ok).to.equal(false);
    });

    it('accepts an anonymous login and rejects a missing or bad UUID', () => {
      expect(parse(anonymousLoginRequestSchema, { apiKey: 'k', uuid: UUID }).data).to.deep.equal({ apiKey: 'k', uuid: UUID });
      expect(parse(anonymousLoginRequestSchema, { apiKey: 'k', uuid: UUID, deviceId: 'dev-1' }).ok).to.equal(true);
      expect(paths(parse(anonymousLoginRequestSchema, { apiKey: 'k' }).issues)).to.deep.equal(['uuid']);
      expect(paths(parse(anonymousLoginRequestSchema, { apiKey: '', uuid: 'x' }).issues)).to.deep.equal(['apiKey', 'uuid']);
    });

    it('accepts a password login and normalises its email', () => {
      const r = parse(loginRequestSchema, { apiKey: 'key-1', uuid: UUID, email: '  Ann@Shop.Example ', password: 'Secret1!' });
      expect(r.ok).to.equal(true);
      expect(r.data).to.deep.equal({ apiKey: 'key-1', uuid: UUID, email: 'ann@shop.example', password: 'Secret1!' });
      expect(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, email: 'a@b.co', password: 'x', identityProvider: 'SYNERISE', deviceId: 'd' }).ok).to.equal(
        true,
      );
    });

    it('requires email and password for a password login', () => {
      expect(paths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID }).issues)).to.deep.equal(['email', 'password']);
      expect(paths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, email: 'a@b.co' }).issues)).to.deep.equal(['password']);
      expect(paths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, password: 'x', identityProvider: 'SYNERISE' }).issues)).to.deep.equal(['email']);
      expect(paths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, email: 'a@b.co', password: '' }).issues)).to.deep.equal(['password']);
    });

    it('requires a provider token for OAuth and Facebook logins', () => {
      for (const identityProvider of ['OAUTH', 'FACEBOOK']) {
        expect(paths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, identityProvider }).issues)).to.deep.equal(['identityProviderToken']);
        const ok = parse(loginRequestSchema, {
          apiKey: 'k',
          uuid: UUID,
          identityProvider,
          identityProviderToken: 'EAAB-token',
          agreements: { email: true, sms: false },
          attributes: { favouriteColour: 'teal' },
        });
        expect(ok.ok, identityProvider).to.equal(true);
      }
      expect(uniquePaths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, identityProvider: 'OAUTH', identityProviderToken: '' }).issues)).to.deep.equal([
        'identityProviderToken',
      ]);
    });

    it('rejects unknown providers, unknown keys and wrong types in a login', () => {
      expect(paths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, identityProvider: 'LINKEDIN', identityProviderToken: 't' }).issues)).to.include(
        'identityProvider',
      );
      // Google and Apple are known: their ID token comes with the attempt's nonce, or not at all.
      expect(paths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, identityProvider: 'GOOGLE', identityProviderToken: 't' }).issues)).to.deep.equal([
        'nonce',
      ]);
      expect(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, identityProvider: 'APPLE', identityProviderToken: 't', nonce: 'n'.repeat(43) }).ok).to.equal(
        true,
      );
      expect(
        paths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, identityProvider: 'APPLE', identityProviderToken: 't', nonce: 'short' }).issues),
      ).to.deep.equal(['nonce']);
      const extra = parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, email: 'a@b.co', password: 'x', remember: true });
      expect(extra.ok).to.equal(false);
      expect(extra.issues[0]).to.include({ code: 'unrecognized_keys' });
      expect(paths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, email: 'a@b.co', password: 123 }).issues)).to.deep.equal(['password']);
      expect(paths(parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, email: 'a@b.co', password: 'x', agreements: { fax: true } }).issues)).to.deep.equal([
        'agreements',
      ]);
      expect(parse(loginRequestSchema, 'email=a@b.co').ok).to.equal(false);
      expect(parse(loginRequestSchema, null).ok).to.equal(false);
    });

    it('accepts a registration with every profile field', () => {
      const body = {
        apiKey: 'k',
        email: ' New.Customer@Shop.Example',
        password: 'Secret1!',
        uuid: UUID,
        firstName: 'Ann',
        lastName: 'Nowak',
        displayName: 'Ann N.',
        phone: '+48 600 000 000',
        customId: 'crm-42',
        sex: 'FEMALE',
        birthDate: '1990-05-17',
        company: 'Shop',
        address: 'Main St 1',
        city: 'Kraków',
        province: 'Małopolska',
        zipCode: '30-001',
        countryCode: 'PL',
        avatarUrl: 'https://cdn.shop.example/a.png',
        agreements: { email: true, sms: false, push: true, bluetooth: false, rfid: false, wifi: false },
        attributes: { loyaltyTier: 'gold', score: 12, nested: { a: [1, 2] } },
        tags: ['vip', 'newsletter'],
      };
      const r = parse(registerRequestSchema, body);
      expect(r.ok, JSON.stringify(r.issues)).to.equal(true);
      expect(r.data).to.deep.equal({ ...body, email: 'new.customer@shop.example' });
      expect(parse(registerRequestSchema, { email: 'a@b.co', password: 'x' }).ok).to.equal(true);
    });

    it('rejects bad registration fields, each at its own path', () => {
      const base = { email: 'a@b.co', password: 'x' };
      const bad: [Record<string, unknown>, string][] = [
        [{ email: 'nope' }, 'email'],
        [{ password: '' }, 'password'],
        [{ password: 'x'.repeat(4097) }, 'password'],
        [{ uuid: 'nope' }, 'uuid'],
        [{ sex: 'female' }, 'sex'],
        [{ birthDate: '2024-02-30' }, 'birthDate'],
        [{ birthDate: '17.05.1990' }, 'birthDate'],
        [{ countryCode: 'pl' }, 'countryCode'],
        [{ countryCode: 'POL' }, 'countryCode'],
        [{ avatarUrl: 'not a url' }, 'avatarUrl'],
        [{ firstName: 'x'.repeat(201) }, 'firstName'],
        [{ tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 'tags'],
        [{ tags: ['x'.repeat(101)] }, 'tags[0]'],
        [{ agreements: { email: 'yes' } }, 'agreements.email'],
        [{ admin: true }, ''],
      ];
      for (const [patch, path] of bad) {
        const r = parse(registerRequestSchema, { ...base, ...patch });
        expect(uniquePaths(r.issues), JSON.stringify(patch).slice(0, 80)).to.deep.equal([path]);
      }
      expect(parse(registerRequestSchema, { password: 'x' }).ok).to.equal(false);
      expect(parse(registerRequestSchema, { email: 'a@b.co' }).ok).to.equal(false);
    });

    it('refuses every reserved attribute key and the snrs_ prefix, and accepts others', () => {
      expect(RESERVED_ATTRIBUTE_KEYS).to.include.members(['email', 'password', 'uuid', 'clientId', 'snrs_email_confirmed']);
      for (const key of RESERVED_ATTRIBUTE_KEYS) {
        const r = parse(registerRequestSchema, { email: 'a@b.co', password: 'x', attributes: { [key]: 'v' } });
        expect(r.ok, key).to.equal(false);
        expect(paths(r.issues), key).to.deep.equal([`attributes.${key}`]);
        expect(r.issues[0]!.message).to.contain(key);
      }
      const several = parse(registerRequestSchema, { email: 'a@b.co', password: 'x', attributes: { ok: 1, snrs_vip: true, tags: [] } });
      expect(paths(several.issues).sort()).to.deep.equal(['attributes.snrs_vip', 'attributes.tags']);
      expect(parse(updateAccountRequestSchema, { attributes: { snrs_email_confirmed: true } }).ok).to.equal(false);
      expect(
        parse(loginRequestSchema, { apiKey: 'k', uuid: UUID, identityProvider: 'OAUTH', identityProviderToken: 't', attributes: { clientId: 1 } }).ok,
      ).to.equal(false);
      expect(parse(registerRequestSchema, { email: 'a@b.co', password: 'x', attributes: { emailOptIn: true, snrsx: 1 } }).ok).to.equal(true);
    });

    it('limits attributes to 100 keys of 1 to 100 characters', () => {
      const attrs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
      expect(parse(registerRequestSchema, { email: 'a@b.co', password: 'x', attributes: attrs(100) }).ok).to.equal(true);
      expect(paths(parse(registerRequestSchema, { email: 'a@b.co', password: 'x', attributes: attrs(101) }).issues)).to.deep.equal(['attributes']);
      expect(parse(registerRequestSchema, { email: 'a@b.co', password: 'x', attributes: { '': 1 } }).ok).to.equal(false);
      expect(parse(registerRequestSchema, { email: 'a@b.co', password: 'x', attributes: { ['k'.repeat(101)]: 1 } }).ok).to.equal(false);
      expect(parse(registerRequestSchema, { email: 'a@b.co', password: 'x', attributes: ['a'] }).ok).to.equal(false);
    });

    it('does not let a JSON "__proto__" attribute change the parsed object\'s prototype', () => {
      const r = parse(registerRequestSchema, JSON.parse('{"email":"a@b.co","password":"x","attributes":{"__proto__":{"polluted":true}}}'));
      if (r.ok) {
        const attributes = r.data.attributes as Record<string, unknown>;
        expect(Object.getPrototypeOf(attributes)).to.equal(Object.prototype);
        expect(attributes.polluted).to.equal(undefined);
      }
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('never takes email or password in an account update', () => {
      expect(parse(updateAccountRequestSchema, {}).ok).to.equal(true);
      expect(parse(updateAccountRequestSchema, { firstName: 'Ann', tags: [] }).ok).to.equal(true);
      for (const key of ['email', 'password', 'oldPassword', 'clientId', 'uuid']) {
        const r = parse(updateAccountRequestSchema, { firstName: 'Ann', [key]: key === 'email' ? 'a@b.co' : 'x' });
        expect(r.ok, key).to.equal(false);
        expect(r.issues[0]).to.include({ code: 'unrecognized_keys' });
      }
    });

    it('validates the email-link requests', () => {
      expect(parse(emailRequestSchema, { email: ' X@Y.CO ' }).data).to.deep.equal({ email: 'x@y.co' });
      expect(parse(emailRequestSchema, {}).ok).to.equal(false);
      expect(parse(confirmationRequestSchema, { token: 'a'.repeat(16) }).ok).to.equal(true);
      expect(paths(parse(confirmationRequestSchema, { token: 'a'.repeat(15) }).issues)).to.deep.equal(['token']);
      expect(paths(parse(confirmationRequestSchema, { token: 'a'.repeat(201) }).issues)).to.deep.equal(['token']);
      expect(parse(passwordResetConfirmationSchema, { token: 't'.repeat(32), password: 'New1!pass' }).ok).to.equal(true);
      expect(paths(parse(passwordResetConfirmationSchema, { token: 't'.repeat(32) }).issues)).to.deep.equal(['password']);
      expect(parse(changePasswordRequestSchema, { oldPassword: 'Old1!pass', password: 'New1!pass' }).ok).to.equal(true);
      expect(paths(parse(changePasswordRequestSchema, { password: 'New1!pass' }).issues)).to.deep.equal(['oldPassword']);
    });

    it('accepts an event batch of 1 to 100 events', () => {
      const one = parse(eventBatchSchema, [event(0)]);
      expect(one.ok).to.equal(true);
      expect(one.data).to.deep.equal([event(0)]);
      expect(MAX_EVENTS_PER_BATCH).to.equal(100);
      const hundred = Array.from({ length: 100 }, (_, i) => event(i));
      expect(parse(eventBatchSchema, hundred).ok).to.equal(true);
      expect(parse(eventBatchSchema, [{ action: 'a', time: '2024-05-01T10:00:00+02:00', eventSalt: 'abcdefgh', client: { uuid: UUID } }]).ok).to.equal(true);
    });

    it('rejects an empty batch and one of more than 100 events', () => {
      const empty = parse(eventBatchSchema, []);
      expect(empty.ok).to.equal(false);
      expect(empty.issues[0]!.message).to.equal('At least one event');
      const tooMany = parse(
        eventBatchSchema,
        Array.from({ length: 101 }, (_, i) => event(i)),
      );
      expect(tooMany.ok).to.equal(false);
      expect(tooMany.issues.map((i) => [fieldPath(i.path), i.code, i.message])).to.deep.equal([['', 'too_big', 'At most 100 events per batch']]);
      expect(parse(eventBatchSchema, { 0: event(0) }).ok).to.equal(false);
    });

    it('rejects bad events at their index', () => {
      const bad: [Record<string, unknown>, string][] = [
        [{ action: 'bad action!' }, '[3].action'],
        [{ action: '' }, '[3].action'],
        [{ action: 'a'.repeat(101) }, '[3].action'],
        [{ time: '2024-05-01T10:00:00' }, '[3].time'],
        [{ time: 1714557600000 }, '[3].time'],
        [{ eventSalt: 'short' }, '[3].eventSalt'],
        [{ eventSalt: 'has space 123' }, '[3].eventSalt'],
        [{ client: { uuid: 'nope' } }, '[3].client.uuid'],
        [{ client: { uuid: UUID, email: 'a@b.co' } }, '[3].client'],
        [{ label: 'x'.repeat(501) }, '[3].label'],
        [{ extra: 1 }, '[3]'],
      ];
      for (const [patch, path] of bad) {
        const batch = [event(0), event(1), event(2), event(3, patch), event(4)];
        expect(uniquePaths(parse(eventBatchSchema, batch).issues), JSON.stringify(patch).slice(0, 60)).to.deep.equal([path]);
      }
      expect(parse(eventSchema, event(1, { action: 'checkout/step:2_a-b.c' })).ok).to.equal(true);
      const { client: _client, ...noClient } = event(1);
      expect(paths(parse(eventSchema, noClient).issues)).to.deep.equal(['client']);
    });

    it('describes the token response, the public config and the error body', () => {
      const token = { token: 'eyJ...', expiration: 1714557600, created: 1714554000000, origin: 'SYNERISE', realm: 'client', uuid: OTHER_UUID, customId: null };
      expect(parse(tokenResponseSchema, token).ok).to.equal(true);
      expect(parse(tokenResponseSchema, { ...token, realm: 'admin' }).ok).to.equal(false);
      expect(parse(tokenResponseSchema, { ...token, origin: 'LINKEDIN' }).ok).to.equal(false);
      expect(parse(tokenResponseSchema, { ...token, origin: 'GOOGLE' }).ok).to.equal(true);
      const config = {
        registrationMode: 'confirmation',
        passwordPolicy: DEFAULT_PASSWORD_POLICY,
        tokenLifetime: 3600,
        oauthEnabled: false,
        agreements: [...AGREEMENT_NAMES],
      };
      expect(parse(publicConfigSchema, config).ok).to.equal(true);
      expect(parse(publicConfigSchema, { ...config, registrationMode: 'manual' }).ok).to.equal(false);
      const body = {
        error: 'Bad Request',
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'Invalid body',
        path: '/v4/events/batch',
        timestamp: '2024-05-01T10:00:00.000Z',
        errors: [{ field: '[3].action', code: 'invalid_format', message: 'bad', rejectedValue: 'x y' }],
      };
      expect(parse(errorBodySchema, body).ok).to.equal(true);
      expect(parse(errorBodySchema, { ...body, code: 'SOMETHING_ELSE' }).ok).to.equal(false);
    });

    it('avatarUrl accepts only http(s) URLs', () => {
      // z.url() takes any scheme, so `javascript:` and `data:` URLs reach the store and, through
      // getAccount, any page that renders the avatar or links to it.
      for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
        expect(parse(updateAccountRequestSchema, { avatarUrl: url }).ok, url).to.equal(false);
      }
    });
  });

  describe('contract: field errors', () => {
    it('writes zod paths as a.b[2].c', () => {
      expect(fieldPath([])).to.equal('');
      expect(fieldPath(['email'])).to.equal('email');
      expect(fieldPath([3, 'action'])).to.equal('[3].action');
      expect(fieldPath(['agreements', 'sms'])).to.equal('agreements.sms');
      expect(fieldPath(['tags', 0])).to.equal('tags[0]');
      expect(fieldPath(['a', 1, 'b', 2, 3])).to.equal('a[1].b[2][3]');
    });

    it('reports an event batch issue at [3].action, with the rejected value', () => {
      const batch = [event(0), event(1), event(2), event(3, { action: 'bad action!' })];
      const r = eventBatchSchema.safeParse(batch, { reportInput: true });
      expect(r.success).to.equal(false);
      expect(issuesToFieldErrors(r.error!.issues)).to.deep.equal([
        { field: '[3].action', code: 'invalid_format', message: 'Letters, digits and _ . : - / only', rejectedValue: 'bad action!' },
      ]);
    });

    it('names issues about the whole body "(body)"', () => {
      const r = eventBatchSchema.safeParse(
        Array.from({ length: 101 }, (_, i) => event(i)),
        { reportInput: true },
      );
      const errors = issuesToFieldErrors(r.error!.issues);
      expect(errors).to.have.length(1);
      expect(errors[0]).to.include({ field: '(body)', code: 'too_big', message: 'At most 100 events per batch' });
      expect(errors[0]).not.to.have.property('rejectedValue');
    });

    it('echoes short non-secret scalars only', () => {
      const r = registerRequestSchema.safeParse(
        { email: 'a@b.co', password: 'x', uuid: 'not-a-uuid', firstName: 'x'.repeat(201), sex: 7, agreements: { sms: 'yes' } },
        { reportInput: true },
      );
      const byField = Object.fromEntries(issuesToFieldErrors(r.error!.issues).map((e) => [e.field, e]));
      expect(Object.keys(byField).sort()).to.deep.equal(['agreements.sms', 'firstName', 'sex', 'uuid']);
      expect(byField.uuid!.rejectedValue).to.equal('not-a-uuid');
      expect(byField.sex!.rejectedValue).to.equal(7);
      expect(byField['agreements.sms']!.rejectedValue).to.equal('yes');
      expect(byField.firstName).not.to.have.property('rejectedValue'); // 201 characters: too long to echo
      expect(byField.uuid!.message).to.equal('Must be a UUID');
    });

    it('never echoes passwords or tokens', () => {
      const secret = 'Hunter2-Secret!';
      const bodies: [{ safeParse: (v: unknown, p?: { reportInput?: boolean }) => any }, Record<string, unknown>][] = [
        [registerRequestSchema, { email: 'a@b.co', password: secret.repeat(300) }], // too long
        [registerRequestSchema, { email: 'nope', password: secret, admin: true }],
        [loginRequestSchema, { apiKey: 'k', uuid: UUID, password: secret }], // email missing: the issue's input is the whole body
        [loginRequestSchema, { apiKey: 'k', uuid: UUID, email: 'a@b.co', password: secret, identityProvider: 'OAUTH' }],
        [loginRequestSchema, { apiKey: 'k', uuid: UUID, identityProvider: 'FACEBOOK', identityProviderToken: secret.repeat(600) }],
        [changePasswordRequestSchema, { oldPassword: 12345, password: secret, extra: secret }],
        [changePasswordRequestSchema, { oldPassword: secret, password: '' }],
        [passwordResetConfirmationSchema, { token: `short-${secret.slice(0, 5)}`, password: secret }],
        [confirmationRequestSchema, { token: secret.slice(0, 10) }],
        [registerRequestSchema, { email: 'a@b.co', password: 'x', attributes: { password: secret } }],
      ];
      for (const [schema, body] of bodies) {
        const r = schema.safeParse(body, { reportInput: true });
        expect(r.success, JSON.stringify(body).slice(0, 80)).to.equal(false);
        const errors = issuesToFieldErrors(r.error.issues);
        expect(errors.length).to.be.greaterThan(0);
        const text = JSON.stringify(errors);
        expect(text, text).not.to.contain('Hunter2');
        expect(text, text).not.to.contain('short-');
        for (const e of errors) {
          if (/password|token/i.test(e.field)) expect(e, e.field).not.to.have.property('rejectedValue');
        }
      }
    });

    it('keeps every field error in the error body shape', () => {
      const r = loginRequestSchema.safeParse({ apiKey: '', uuid: 'x', extra: 1 }, { reportInput: true });
      const errors = issuesToFieldErrors(r.error!.issues);
      expect(errors.map((e) => e.field)).to.deep.equal(['apiKey', 'uuid', '(body)', 'email', 'password']);
      const body = { error: 'Bad Request', status: 400, code: 'VALIDATION_FAILED', message: 'Invalid', path: '/x', timestamp: 't', errors };
      expect(parse(errorBodySchema, body).ok).to.equal(true);
    });
  });

  describe('contract: routes and error codes', () => {
    const entries = Object.entries(ROUTES) as [string, RouteDef][];

    it('gives every route a method, a path starting with /, an auth kind and a 2xx status', () => {
      expect(entries.length).to.be.greaterThan(15);
      for (const [name, r] of entries) {
        expect(['GET', 'POST', 'DELETE'], name).to.include(r.method);
        expect(r.path, name).to.match(/^\/[A-Za-z0-9._\-/{}]*$/);
        expect(r.path, name).not.to.match(/\/$/);
        expect(['none', 'apiKey', 'keyOrToken', 'token', 'customer', 'backend'], name).to.include(r.auth);
        expect(r.status, name).to.be.within(200, 299);
        if (r.method === 'POST') expect(r.request, `${name} has a request schema`).to.not.equal(undefined);
        if (r.method === 'GET') expect(r.request, `${name} takes no body`).to.equal(undefined);
      }
    });

    it('has no two routes on the same method and path', () => {
      const keys = entries.map(([, r]) => `${r.method} ${r.path}`);
      expect(new Set(keys).size).to.equal(keys.length);
    });

    it('matches the table of DESIGN.md §4', () => {
      const expected: Record<string, [string, string, string]> = {
        anonymousLogin: ['POST', '/sauth/v3/auth/login/client/anonymous', 'apiKey'],
        login: ['POST', '/sauth/v3/auth/login/client', 'apiKey'],
        loginConditionally: ['POST', '/sauth/v3/auth/login/client/conditional', 'apiKey'],
        refreshToken: ['POST', '/sauth/v3/auth/refresh/client', 'token'],
        signOut: ['POST', '/sauth/v3/auth/logout/client', 'token'],
        registerAccount: ['POST', '/sauth/clients/registered', 'keyOrToken'],
        registerAccountV4: ['POST', '/v4/clients/registered', 'keyOrToken'],
        requestAccountActivation: ['POST', '/v4/clients/activation/request', 'keyOrToken'],
        confirmAccountActivation: ['POST', '/v4/clients/activation/confirmation', 'keyOrToken'],
        requestPasswordReset: ['POST', '/v4/clients/password-reset/request', 'keyOrToken'],
        confirmPasswordReset: ['POST', '/v4/clients/password-reset/confirmation', 'keyOrToken'],
        changePassword: ['POST', '/v4/my-account/change-password', 'customer'],
        getAccount: ['GET', '/v4/my-account/personal-information', 'customer'],
        updateAccount: ['POST', '/v4/my-account/personal-information', 'customer'],
        trackEvents: ['POST', '/v4/events/batch', 'token'],
        publicConfig: ['GET', '/snr/config', 'none'],
        jwks: ['GET', '/.well-known/jwks.json', 'none'],
        publicPem: ['GET', '/v4/public.pem', 'none'],
        health: ['GET', '/snr/health', 'none'],
      };
      for (const [name, [method, path, auth]] of Object.entries(expected)) {
        const r = (ROUTES as Record<string, RouteDef>)[name];
        expect(r, name).to.not.equal(undefined);
        expect([r!.method, r!.path, r!.auth], name).to.deep.equal([method, path, auth]);
      }
      expect(ROUTES.signOut.status).to.equal(204);
      expect(ROUTES.trackEvents.status).to.equal(202);
      expect(ROUTES.requestPasswordReset.status).to.equal(202);
    });

    it('uses the shared schemas for the routes', () => {
      expect(ROUTES.login.request).to.equal(loginRequestSchema);
      expect(ROUTES.loginConditionally.request).to.equal(loginRequestSchema);
      expect(ROUTES.registerAccount.request).to.equal(registerRequestSchema);
      expect(ROUTES.registerAccountV4.request).to.equal(registerRequestSchema);
      expect(ROUTES.trackEvents.request).to.equal(eventBatchSchema);
      expect(ROUTES.updateAccount.request).to.equal(updateAccountRequestSchema);
      expect(ROUTES.changePassword.request).to.equal(changePasswordRequestSchema);
      expect(ROUTES.anonymousLogin.response).to.equal(tokenResponseSchema);
      expect(ROUTES.publicConfig.response).to.equal(publicConfigSchema);
    });

    it('covers the site-backend routes of DESIGN.md §4 (recognize, approval, deletion sync)', () => {
      const have = new Set(entries.map(([, r]) => `${r.method} ${r.path}`));
      for (const key of [
        'POST /v4/clients',
        'POST /v4/clients/{clientId}/approve',
        'DELETE /v4/clients/{clientId}',
        'DELETE /v4/clients/by-email/{email}',
        'DELETE /v4/clients/by-customId/{customId}',
      ]) {
        expect(have.has(key), key).to.equal(true);
      }
      expect(entries.filter(([, r]) => r.auth === 'backend')).to.have.length(5);
    });

    it('has one union of unique error codes, including those DESIGN.md names', () => {
      expect(new Set(ERROR_CODES).size).to.equal(ERROR_CODES.length);
      expect(ERROR_CODES).to.include.members([
        'VALIDATION_FAILED',
        'PASSWORD_POLICY',
        'INVALID_CREDENTIALS',
        'ACTIVATION_REQUIRED',
        'REGISTRATION_REQUIRED',
        'EMAIL_TAKEN',
        'TOKEN_EXPIRED',
        'SESSION_REVOKED',
        'FORBIDDEN_FOR_ANONYMOUS',
        'RATE_LIMITED',
        'PROVIDER_REJECTED',
        'NOT_FOUND',
        'PAYLOAD_TOO_LARGE',
        'UNAVAILABLE',
        'SESSION_EXPIRATION',
      ]);
      for (const code of ERROR_CODES) expect(code).to.match(/^[A-Z][A-Z_]*[A-Z]$/);
      expect(STATUS_TEXT[400]).to.equal('Bad Request');
      expect(STATUS_TEXT[429]).to.equal('Too Many Requests');
      expect(STATUS_TEXT[503]).to.equal('Service Unavailable');
    });
  });
}
