import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Dialect } from './db.js';

/**
 * Migrations live in code (not files) so the bundled server carries them. Each one is written for
 * both dialects: the only differences are the auto-increment key and the 64-bit integer type.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const ms = 'bigint' as const;
  const serialKey = dialect === 'postgres' ? ('bigserial' as const) : ('integer' as const);
  return {
    '0001_initial': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('clients')
          .addColumn('id', serialKey, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('uuid', 'text', (c) => c.notNull().unique())
          .addColumn('email', 'text', (c) => c.unique())
          .addColumn('password_hash', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('email_confirmed', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('first_name', 'text')
          .addColumn('last_name', 'text')
          .addColumn('display_name', 'text')
          .addColumn('phone', 'text')
          .addColumn('custom_id', 'text', (c) => c.unique())
          .addColumn('sex', 'text')
          .addColumn('birth_date', 'text')
          .addColumn('company', 'text')
          .addColumn('address', 'text')
          .addColumn('city', 'text')
          .addColumn('province', 'text')
          .addColumn('zip_code', 'text')
          .addColumn('country_code', 'text')
          .addColumn('avatar_url', 'text')
          .addColumn('agreements', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('updated_at', ms, (c) => c.notNull())
          .addColumn('last_activity_at', ms)
          .execute();

        await db.schema
          .createTable('client_uuids')
          .addColumn('uuid', 'text', (c) => c.primaryKey())
          .addColumn('client_id', ms, (c) => c.notNull().references('clients.id').onDelete('cascade'))
          .addColumn('created_at', ms, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('client_uuids_client').on('client_uuids').column('client_id').execute();

        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('client_id', ms, (c) => c.notNull().references('clients.id').onDelete('cascade'))
          .addColumn('api_key', 'text', (c) => c.notNull())
          .addColumn('realm', 'text', (c) => c.notNull())
          .addColumn('origin', 'text', (c) => c.notNull())
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('expires_at', ms, (c) => c.notNull())
          .addColumn('refreshed_at', ms)
          .addColumn('revoked_at', ms)
          .addColumn('revoked_reason', 'text')
          .execute();
        await db.schema.createIndex('sessions_client').on('sessions').column('client_id').execute();

        await db.schema
          .createTable('email_tokens')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('client_id', ms, (c) => c.notNull().references('clients.id').onDelete('cascade'))
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('expires_at', ms, (c) => c.notNull())
          .addColumn('used_at', ms)
          .execute();
        await db.schema.createIndex('email_tokens_client').on('email_tokens').column('client_id').execute();

        await db.schema
          .createTable('events')
          .addColumn('id', serialKey, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('event_salt', 'text', (c) => c.notNull().unique())
          .addColumn('client_id', ms, (c) => c.notNull())
          .addColumn('uuid', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('label', 'text')
          .addColumn('event_time', ms, (c) => c.notNull())
          .addColumn('params', 'text', (c) => c.notNull())
          .addColumn('received_at', ms, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('events_client').on('events').column('client_id').execute();

        await db.schema
          .createTable('signing_keys')
          .addColumn('kid', 'text', (c) => c.primaryKey())
          .addColumn('alg', 'text', (c) => c.notNull())
          .addColumn('private_jwk', 'text', (c) => c.notNull())
          .addColumn('public_jwk', 'text', (c) => c.notNull())
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('retired_at', ms)
          .execute();

        await db.schema
          .createTable('outbox')
          .addColumn('id', serialKey, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('to_address', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('text_body', 'text', (c) => c.notNull())
          .addColumn('html_body', 'text', (c) => c.notNull())
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('sent_at', ms)
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_error', 'text')
          .execute();

        await db.schema
          .createTable('rate_limits')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('window_start', ms, (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .execute();
      },
    },
    '0002_identities': {
      async up(db: Kysely<any>) {
        // A customer's accounts at identity providers (OAuth subject, Facebook user id).
        await db.schema
          .createTable('client_identities')
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('client_id', ms, (c) => c.notNull().references('clients.id').onDelete('cascade'))
          .addColumn('created_at', ms, (c) => c.notNull())
          .addPrimaryKeyConstraint('client_identities_pk', ['provider', 'subject'])
          .execute();
        await db.schema.createIndex('client_identities_client').on('client_identities').column('client_id').execute();
      },
    },
    '0003_outbox_claims': {
      async up(db: Kysely<any>) {
        // An instance claims a mail before sending it, so two instances never send the same one.
        await db.schema.alterTable('outbox').addColumn('claimed_until', ms).execute();
      },
    },
    '0004_custom_id_verified': {
      async up(db: Kysely<any>) {
        // 1 once the site's backend has set the customId (recognition); a customer's own customId
        // proves nothing. Existing customIds stay 0, since customers may have typed them and which
        // ones the backend set cannot be told, except on accounts nobody can get into (no password,
        // no provider link): only recognition makes those, so their customIds are the backend's.
        // Left at 0, the next recognition by such a customId alone would split the customer.
        await db.schema
          .alterTable('clients')
          .addColumn('custom_id_verified', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db
          .updateTable('clients')
          .set({ custom_id_verified: 1 })
          .where('custom_id', 'is not', null)
          .where('password_hash', 'is', null)
          .where(({ exists, not, selectFrom }) =>
            not(exists(selectFrom('client_identities').select('client_id').whereRef('client_identities.client_id', '=', 'clients.id'))),
          )
          .execute();
      },
    },
    '0005_email_change': {
      async up(db: Kysely<any>) {
        // An email-change link carries the address it moves the account to (the account's own
        // address stays until the link is followed).
        await db.schema.alterTable('email_tokens').addColumn('new_email', 'text').execute();
      },
    },
    '0006_event_salt_per_profile': {
      async up(db: Kysely<any>) {
        // An eventSalt is unique per profile and API key, no longer across the whole store: a
        // visitor who learnt another's salts could otherwise have the other's events dropped as
        // duplicates. Rows stored so far belong to no key (''); their salts were unique anyway.
        if (dialect === 'postgres') {
          await db.schema
            .alterTable('events')
            .addColumn('api_key', 'text', (c) => c.notNull().defaultTo(''))
            .execute();
          await sql`alter table events drop constraint if exists events_event_salt_key`.execute(db);
        } else {
          // SQLite cannot drop a column's UNIQUE: the table is made again without it.
          await db.schema
            .createTable('events_0005')
            .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
            .addColumn('event_salt', 'text', (c) => c.notNull())
            .addColumn('client_id', ms, (c) => c.notNull())
            .addColumn('uuid', 'text', (c) => c.notNull())
            .addColumn('action', 'text', (c) => c.notNull())
            .addColumn('label', 'text')
            .addColumn('event_time', ms, (c) => c.notNull())
            .addColumn('params', 'text', (c) => c.notNull())
            .addColumn('received_at', ms, (c) => c.notNull())
            .addColumn('api_key', 'text', (c) => c.notNull().defaultTo(''))
            .execute();
          await sql`insert into events_0005 (id, event_salt, client_id, uuid, action, label, event_time, params, received_at)
            select id, event_salt, client_id, uuid, action, label, event_time, params, received_at from events`.execute(db);
          await db.schema.dropTable('events').execute();
          await db.schema.alterTable('events_0005').renameTo('events').execute();
          await db.schema.createIndex('events_client').on('events').column('client_id').execute();
        }
        await db.schema.createIndex('events_salt_per_profile').on('events').columns(['client_id', 'api_key', 'event_salt']).unique().execute();
      },
    },
    '0007_activation_pins_and_terms': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('activation_pins')
          .addColumn('client_id', ms, (c) => c.primaryKey().references('clients.id').onDelete('cascade'))
          .addColumn('pin_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('expires_at', ms, (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.alterTable('clients').addColumn('terms_version', 'text').execute();
        await db.schema.alterTable('clients').addColumn('terms_accepted_at', ms).execute();
      },
    },
    '0008_rate_limit_amounts': {
      async up(db: Kysely<any>) {
        // Event limits count bytes beside events; a growing sign-in delay keeps the time before which
        // the next attempt is refused (0: none).
        await db.schema
          .alterTable('rate_limits')
          .addColumn('bytes', ms, (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('rate_limits')
          .addColumn('next_at', ms, (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0009_second_factor': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('totp_factors')
          .addColumn('client_id', ms, (c) => c.primaryKey().references('clients.id').onDelete('cascade'))
          .addColumn('secret', 'text', (c) => c.notNull())
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('confirmed_at', ms)
          .addColumn('last_step', ms, (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('recovery_codes')
          .addColumn('client_id', ms, (c) => c.notNull().references('clients.id').onDelete('cascade'))
          .addColumn('code_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('used_at', ms)
          .addPrimaryKeyConstraint('recovery_codes_pk', ['client_id', 'code_hash'])
          .execute();
        await db.schema
          .createTable('mfa_challenges')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('client_id', ms, (c) => c.notNull().references('clients.id').onDelete('cascade'))
          .addColumn('api_key', 'text', (c) => c.notNull())
          .addColumn('visitor_uuid', 'text')
          .addColumn('holds_token', 'integer', (c) => c.notNull())
          .addColumn('origin', 'text', (c) => c.notNull())
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('expires_at', ms, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('mfa_challenges_client').on('mfa_challenges').column('client_id').execute();
        await db.schema.createIndex('mfa_challenges_expiry').on('mfa_challenges').column('expires_at').execute();
      },
    },
    '0010_passkeys': {
      async up(db: Kysely<any>) {
        // A customer's passkeys (WebAuthn credentials); the id is the credential id (base64url).
        await db.schema
          .createTable('passkeys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('client_id', ms, (c) => c.notNull().references('clients.id').onDelete('cascade'))
          .addColumn('public_key', 'text', (c) => c.notNull())
          .addColumn('counter', ms, (c) => c.notNull().defaultTo(0))
          .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('device_type', 'text', (c) => c.notNull())
          .addColumn('backed_up', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('aaguid', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('last_used_at', ms)
          .execute();
        await db.schema.createIndex('passkeys_client').on('passkeys').column('client_id').execute();
        // Ceremony challenges: random, single use (taken by a DELETE), short-lived.
        await db.schema
          .createTable('webauthn_challenges')
          .addColumn('challenge', 'text', (c) => c.primaryKey())
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('client_id', ms)
          .addColumn('api_key', 'text', (c) => c.notNull())
          .addColumn('data', 'text')
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('expires_at', ms, (c) => c.notNull())
          .execute();
        // The WebAuthn user handle of a customer: random, never personal data, stable across their passkeys.
        await db.schema.alterTable('clients').addColumn('webauthn_user_id', 'text').execute();
        await db.schema.createIndex('clients_webauthn_user_id').on('clients').column('webauthn_user_id').unique().execute();
      },
    },
    '0011_session_devices': {
      async up(db: Kysely<any>) {
        // The customer's list of signed-in devices: the user agent the session was opened with, and
        // when it was last used (refresh, customer calls; at most once a minute). Older rows have
        // neither: their device is unknown, and their last activity is their last refresh.
        await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
        await db.schema.alterTable('sessions').addColumn('last_active_at', ms).execute();
      },
    },
    '0012_sign_in_codes': {
      async up(db: Kysely<any>) {
        // The live emailed sign-in code of an account (one per account: a new one replaces it).
        await db.schema
          .createTable('sign_in_codes')
          .addColumn('client_id', ms, (c) => c.primaryKey().references('clients.id').onDelete('cascade'))
          .addColumn('code_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('expires_at', ms, (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0013_id_token_nonces': {
      async up(db: Kysely<any>) {
        // Nonces of Google and Apple ID tokens: those a sign-in used (kept until the token could no
        // longer be accepted, so it cannot be replayed), and those issued to a session to re-prove
        // the customer (single use, short-lived).
        await db.schema
          .createTable('id_token_nonces')
          .addColumn('nonce', 'text', (c) => c.primaryKey())
          .addColumn('session_id', 'text')
          .addColumn('created_at', ms, (c) => c.notNull())
          .addColumn('expires_at', ms, (c) => c.notNull())
          .addColumn('used_at', ms)
          .execute();
        await db.schema.createIndex('id_token_nonces_session').on('id_token_nonces').column('session_id').execute();
        await db.schema.createIndex('id_token_nonces_expiry').on('id_token_nonces').column('expires_at').execute();
      },
    },
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(
    private readonly dialect: Dialect,
    private readonly upTo?: string,
  ) {}
  async getMigrations() {
    const all = migrations(this.dialect);
    const { upTo } = this;
    return upTo === undefined ? all : Object.fromEntries(Object.entries(all).filter(([name]) => name <= upTo));
  }
}

async function runMigrator(db: Kysely<any>, dialect: Dialect, upTo?: string): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: new InCodeProvider(dialect, upTo) }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}

/**
 * Brings the schema up to date. On PostgreSQL, an advisory lock held on one connection makes
 * instances that start at the same moment migrate one after the other. `upTo` (tests of a
 * migration) stops after the migration of that name: the database as an older version left it.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, upTo?: string): Promise<void> {
  if (dialect !== 'postgres') return runMigrator(db, dialect, upTo);
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(7316001)`.execute(conn);
    try {
      await runMigrator(conn, dialect, upTo);
    } finally {
      await sql`select pg_advisory_unlock(7316001)`.execute(conn);
    }
  });
}
