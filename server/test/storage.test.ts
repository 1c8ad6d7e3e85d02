// Storage behaviour of the reference server, run once on SQLite and once on a real PostgreSQL
// (SNR_TEST_PG_URL, which `npm test` and .ci/run provide). Through the HTTP API where a customer
// would notice, and on the store directly where only the rows can tell.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { Hono } from 'hono';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeContext, createContext, type ServerContext, silentLogger } from '../src/context.js';
import { createAnonymousClient, findClientByUuid } from '../src/store/clients.js';
import { openStore, type Store } from '../src/store/db.js';
import { insertEvents } from '../src/store/events.js';
import { migrateToLatest } from '../src/store/migrations.js';
import type { Database } from '../src/store/schema.js';
import { API_KEY, callerFor, type Dialect, freshDatabase, makeServer, PASSWORD, PG_URL, type TestClock, type TestServer, testClock } from './support/server.js';

const TABLES = ['clients', 'client_uuids', 'sessions', 'email_tokens', 'events', 'signing_keys', 'outbox', 'rate_limits', 'activation_pins'] as const;
const BASE_ENV = { SNR_PBKDF2_ITERATIONS: '1000', SNR_RATE_LIMIT: 'off', SNR_REGISTRATION_MODE: 'automatic' };

const NO_PG_REASON =
  '!!! NO POSTGRESQL: SNR_TEST_PG_URL is not set, so the PostgreSQL storage suite is SKIPPED and only SQLite is tested. ' +
  'Run `npm test` (it starts a throwaway cluster) or `node scripts/postgres.mjs start` and export the printed variable. ' +
  'scripts/test.mjs fails CI when PostgreSQL is missing.';

const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : NO_PG_REASON },
];

type Call = TestServer['call'];

interface Instance {
  app: Hono;
  ctx: ServerContext;
  call: Call;
  close(): Promise<void>;
}

/** Another server instance on an existing database: what a second process behind a load balancer is. */
async function instanceOn(databaseUrl: string, env: Record<string, string> = {}, clock?: TestClock): Promise<Instance> {
  const ctx = await createContext(loadConfig({ ...BASE_ENV, ...env, DATABASE_URL: databaseUrl }), { log: silentLogger, ...(clock ? { now: clock.now } : {}) });
  const app = createApp(ctx);
  return { app, ctx, call: callerFor(app), close: () => closeContext(ctx) };
}

const event = (uuid: string, eventSalt = `salt-${randomUUID()}`, action = 'page.view') => ({
  action,
  time: new Date().toISOString(),
  eventSalt,
  client: { uuid },
  params: { path: '/x' },
});

async function count(db: Kysely<Database>, table: (typeof TABLES)[number]): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A plain connection to a database, whatever its schema (no migration, no checkpointer). */
function olderConnection(url: string, dialect: Dialect): Kysely<any> {
  return new Kysely<any>({
    dialect:
      dialect === 'postgres'
        ? new PostgresDialect({
            // bigint as a number, as the server's own pool reads it
            pool: new pg.Pool({
              connectionString: url,
              max: 1,
              types: {
                getTypeParser: ((oid: number, format?: string) =>
                  oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
              },
            }),
          })
        : new SqliteDialect({ database: new BetterSqlite3(url) }),
  });
}

/** A database as the version whose last migration was `upTo` left it. */
async function olderDatabase(url: string, dialect: Dialect, upTo: string): Promise<void> {
  const db = olderConnection(url, dialect);
  try {
    await migrateToLatest(db, dialect, upTo);
  } finally {
    await db.destroy();
  }
}

async function migrationNames(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

const getAccount = (call: Call, token: string) => call('GET', '/v4/my-account/personal-information', { token });
const signOut = (call: Call, token: string, body?: unknown) => call('POST', '/sauth/v3/auth/logout/client', { token, body });

function assertError(res: { status: number; body: any }, status: number, code: string): void {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body?.code, code);
}

for (const { dialect, skip } of DIALECTS) {
  // A skipped test (not a skipped suite) so the runner counts it and prints the reason.
  if (skip) {
    it(`storage on ${dialect}`, { skip }, () => {});
    continue;
  }
  describe(`storage on ${dialect}`, () => {
    describe('migrations', () => {
      it('run on an empty database, and opening it again changes nothing and keeps the data', async () => {
        const database = await freshDatabase(dialect);
        let store: Store | undefined;
        try {
          store = await openStore(database.url);
          assert.equal(store.dialect, dialect);
          for (const table of TABLES) assert.equal(await count(store.db, table), 0, `${table} starts empty`);
          const applied = await migrationNames(store.db);
          assert.equal(applied[0], '0001_initial');
          const uuid = randomUUID();
          const created = await createAnonymousClient(store.db, uuid, Date.now());
          await store.close();

          // A restart: the same database opened again.
          store = await openStore(database.url);
          assert.deepEqual(await migrationNames(store.db), applied, 'nothing applied twice, nothing new');
          assert.equal(await count(store.db, 'clients'), 1);
          assert.equal((await findClientByUuid(store.db, uuid))?.id, created.id);
          await store.close();
          store = undefined;
        } finally {
          await store?.close();
          await database.drop();
        }
      });

      it('0007 adds the activation codes and the accepted terms version, existing customers having accepted none', async () => {
        const database = await freshDatabase(dialect);
        let store: Store | undefined;
        try {
          await olderDatabase(database.url, dialect, '0006_event_salt_per_profile');
          const older = olderConnection(database.url, dialect);
          const uuid = randomUUID();
          try {
            await createAnonymousClient(older, uuid, Date.now());
          } finally {
            await older.destroy();
          }

          store = await openStore(database.url);
          const row = await store.db.selectFrom('clients').select(['terms_version', 'terms_accepted_at']).where('uuid', '=', uuid).executeTakeFirstOrThrow();
          assert.deepEqual(row, { terms_version: null, terms_accepted_at: null });
          assert.equal(await count(store.db, 'activation_pins'), 0);
          await store.close();
          store = undefined;
        } finally {
          await store?.close();
          await database.drop();
        }
      });

      it('0004 marks as set by the backend only the customIds of accounts nobody can get into', async () => {
        const database = await freshDatabase(dialect);
        let store: Store | undefined;
        try {
          // A database as it was before 0004, holding the three kinds of customer that can have a customId.
          await olderDatabase(database.url, dialect, '0003_outbox_claims');
          const older = olderConnection(database.url, dialect);
          const now = Date.now();
          const customer = (customId: string, password_hash: string | null) =>
            older
              .insertInto('clients')
              .values({
                uuid: randomUUID(),
                email: `${customId}@example.com`,
                password_hash,
                status: 'active',
                email_confirmed: 0,
                custom_id: customId,
                agreements: '{}',
                attributes: '{}',
                tags: '[]',
                created_at: now,
                updated_at: now,
              })
              .returning('id')
              .executeTakeFirstOrThrow();
          const recognized = await customer(`r-${randomUUID()}`, null);
          const registered = await customer(`t-${randomUUID()}`, 'hash');
          const provider = await customer(`p-${randomUUID()}`, null);
          await older.insertInto('client_identities').values({ provider: 'OAUTH', subject: randomUUID(), client_id: provider.id, created_at: now }).execute();
          await older.destroy();

          store = await openStore(database.url);
          const rows = await store.db.selectFrom('clients').select(['id', 'custom_id_verified']).orderBy('id').execute();
          assert.deepEqual(
            rows.map((r) => [r.id, r.custom_id_verified]),
            [
              [recognized.id, 1],
              [registered.id, 0],
              [provider.id, 0],
            ],
          );
          await store.close();
          store = undefined;
        } finally {
          await store?.close();
          await database.drop();
        }
      });

      it('0006 scopes eventSalt to the profile and API key, keeping the events stored before', async () => {
        const database = await freshDatabase(dialect);
        let store: Store | undefined;
        try {
          // A database as it was before 0006: eventSalt unique across the whole store, no api_key.
          await olderDatabase(database.url, dialect, '0004_custom_id_verified');
          const older = olderConnection(database.url, dialect);
          const now = Date.now();
          const a = await createAnonymousClient(older, randomUUID(), now);
          const b = await createAnonymousClient(older, randomUUID(), now);
          await sql`insert into events (event_salt, client_id, uuid, action, label, event_time, params, received_at)
            values ('old-salt', ${a.id}, ${a.uuid}, 'page.view', null, ${now}, '{}', ${now})`.execute(older);
          await assert.rejects(
            sql`insert into events (event_salt, client_id, uuid, action, event_time, params, received_at)
              values ('old-salt', ${b.id}, ${b.uuid}, 'x', ${now}, '{}', ${now})`.execute(older),
            'before 0006 a salt is unique across the store',
          );
          await older.destroy();

          store = await openStore(database.url);
          const kept = await store.db.selectFrom('events').select(['event_salt', 'client_id', 'api_key', 'action']).execute();
          assert.deepEqual(kept, [{ event_salt: 'old-salt', client_id: a.id, api_key: '', action: 'page.view' }]);
          const row = (clientId: number, action: string) => ({
            event_salt: 'old-salt',
            client_id: clientId,
            uuid: randomUUID(),
            action,
            label: null,
            event_time: now,
            params: '{}',
            received_at: now,
            api_key: API_KEY,
          });
          assert.equal(await insertEvents(store.db, [row(b.id, 'other.profile')]), 1, 'another profile’s event with the same salt is stored');
          assert.equal(await insertEvents(store.db, [row(b.id, 'again')]), 0, 'the same profile, key and salt once');
          await store.close();
          store = undefined;
        } finally {
          await store?.close();
          await database.drop();
        }
      });
    });

    // Several instances share one PostgreSQL; a SQLite file belongs to one process (DESIGN.md §9).
    describe('concurrent start-up', () => {
      if (dialect === 'sqlite') {
        it('concurrent start-up', { skip: 'SQLite serves one process per file: concurrent start-up is a PostgreSQL concern' }, () => {});
        return;
      }

      it('two stores opened on the same fresh database at once both succeed and migrate once', async () => {
        const database = await freshDatabase(dialect);
        const stores: Store[] = [];
        try {
          const opened = await Promise.allSettled([openStore(database.url), openStore(database.url), openStore(database.url)]);
          for (const r of opened) if (r.status === 'fulfilled') stores.push(r.value);
          const failures = opened.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason));
          assert.deepEqual(failures, []);
          const applied = await migrationNames(stores[0]!.db);
          assert.equal(applied[0], '0001_initial');
          for (const store of stores) {
            assert.deepEqual(await migrationNames(store.db), applied);
            for (const table of TABLES) assert.equal(await count(store.db, table), 0, `${table} starts empty`);
          }
        } finally {
          for (const store of stores) await store.close();
          await database.drop();
        }
      });

      it('instances started at once on a fresh database make one signing key and verify each other at once', async () => {
        for (let round = 0; round < 3; round++) {
          const database = await freshDatabase(dialect);
          const instances: Instance[] = [];
          try {
            const started = await Promise.allSettled([instanceOn(database.url), instanceOn(database.url), instanceOn(database.url)]);
            for (const r of started) if (r.status === 'fulfilled') instances.push(r.value);
            assert.deepEqual(
              started.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
              [],
            );
            assert.equal(await count(instances[0]!.ctx.db, 'signing_keys'), 1, `round ${round}: signing keys made`);
            for (const signer of instances) {
              const anon = await signer.call('POST', '/sauth/v3/auth/login/client/anonymous', { body: { apiKey: API_KEY, uuid: randomUUID() } });
              assert.equal(anon.status, 200);
              for (const verifier of instances) {
                const res = await verifier.call('POST', '/v4/events/batch', { token: anon.body.token, body: [event(anon.body.uuid)] });
                assert.equal(res.status, 202, `round ${round}: ${JSON.stringify(res.body)}`);
              }
            }
          } finally {
            for (const instance of instances) await instance.close();
            await database.drop();
          }
        }
      });
    });

    describe('through the API', () => {
      let server: TestServer;
      before(async () => {
        server = await makeServer({}, { dialect });
      });
      after(async () => {
        await server?.close();
      });

      it('concurrent registrations of one email: exactly one 201, the rest 409 EMAIL_TAKEN, one row', async () => {
        const email = `race-${randomUUID()}@example.com`;
        const spellings = [email, email.toUpperCase(), email, ` ${email}`, email.replace('race', 'RACE')];
        const results = await Promise.all(spellings.map((e) => server.register(e)));
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(statuses, [201, 409, 409, 409, 409], JSON.stringify(results.map((r) => r.body)));
        for (const r of results.filter((r) => r.status === 409)) assertError(r, 409, 'EMAIL_TAKEN');
        const rows = await server.ctx.db.selectFrom('clients').select(['id', 'status']).where('email', '=', email).execute();
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.status, 'active');
        const winner = results.find((r) => r.status === 201)!;
        assert.equal(rows[0]!.id, winner.body.clientId);
        assert.equal((await server.signIn(email)).status, 200);
      });

      it('anonymous profile merge at sign-in: its events move to the customer, its UUID stays as a historical UUID', async () => {
        const customer = await server.customer();
        const anonymousUuid = randomUUID();
        const anon = await server.anonymous(anonymousUuid);
        const anonRow = await findClientByUuid(server.ctx.db, anonymousUuid);
        assert.equal(anonRow?.status, 'anonymous');
        const salts = [`merge-${randomUUID()}`, `merge-${randomUUID()}`];
        const tracked = await server.call('POST', '/v4/events/batch', { token: anon.token, body: salts.map((s) => event(anonymousUuid, s)) });
        assert.equal(tracked.status, 202);

        const signedIn = await server.signIn(customer.email, PASSWORD, anon);
        assert.equal(signedIn.status, 200);
        assert.equal(signedIn.body.uuid, customer.uuid, 'the customer keeps its own UUID');
        assert.equal(signedIn.body.clientId, customer.clientId);

        const events = await server.ctx.db.selectFrom('events').select(['event_salt', 'client_id']).where('event_salt', 'in', salts).execute();
        assert.equal(events.length, 2);
        for (const e of events) assert.equal(e.client_id, customer.clientId);

        const uuids = await server.ctx.db
          .selectFrom('client_uuids')
          .select(['uuid', 'client_id'])
          .where('client_id', '=', customer.clientId)
          .orderBy('uuid')
          .execute();
        assert.deepEqual(uuids.map((u) => u.uuid).sort(), [customer.uuid, anonymousUuid].sort());
        assert.equal((await findClientByUuid(server.ctx.db, anonymousUuid))?.id, customer.clientId);
        assert.equal(
          await server.ctx.db.selectFrom('clients').select('id').where('id', '=', anonRow!.id).executeTakeFirst(),
          undefined,
          'the anonymous row is gone',
        );

        // Anonymous login with the historical UUID, now a customer's, gets a fresh profile under a new UUID (never the customer's).
        const again = await server.call('POST', '/sauth/v3/auth/login/client/anonymous', { body: { apiKey: API_KEY, uuid: anonymousUuid } });
        assert.equal(again.status, 200);
        assert.notEqual(again.body.uuid, anonymousUuid);
        assert.notEqual((await findClientByUuid(server.ctx.db, again.body.uuid))?.id, customer.clientId);
        const clientsWithUuid = await server.ctx.db.selectFrom('clients').select('id').where('uuid', '=', anonymousUuid).execute();
        assert.deepEqual(clientsWithUuid, []);
      });

      // The session verification cache still holds the anonymous profile's id here (68d9099).
      it('events sent with the pre-sign-in anonymous token right after the merge belong to the customer', async () => {
        const customer = await server.customer();
        const anonymousUuid = randomUUID();
        const anon = await server.anonymous(anonymousUuid);
        // A batch before sign-in puts the anonymous session in the cache, as a tracker would.
        assert.equal((await server.call('POST', '/v4/events/batch', { token: anon.token, body: [event(anonymousUuid)] })).status, 202);
        assert.equal((await server.signIn(customer.email, PASSWORD, anon)).status, 200);
        const late = `late-${randomUUID()}`;
        assert.equal((await server.call('POST', '/v4/events/batch', { token: anon.token, body: [event(anonymousUuid, late)] })).status, 202);
        const row = await server.ctx.db.selectFrom('events').select('client_id').where('event_salt', '=', late).executeTakeFirstOrThrow();
        assert.equal(row.client_id, customer.clientId);
      });

      // A double submit: on PostgreSQL the second UPDATE waits for the first and must see the row is no longer anonymous.
      it('two registrations at once through one anonymous token make two customers (or refuse one), never overwrite', async () => {
        for (let round = 0; round < 5; round++) {
          const anon = await server.anonymous();
          const emails = [`twin-a-${randomUUID()}@example.com`, `twin-b-${randomUUID()}@example.com`];
          const results = await Promise.all(
            emails.map((email) => server.call('POST', '/sauth/clients/registered', { token: anon.token, body: { email, password: PASSWORD } })),
          );
          const accepted = emails.filter((_, i) => results[i]!.status === 201);
          assert.ok(accepted.length >= 1, JSON.stringify(results.map((r) => r.body)));
          const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.clientId));
          assert.equal(ids.size, accepted.length, `round ${round}: ${accepted.length} registrations answered 201 with clientIds ${[...ids].join(', ')}`);
          for (const email of accepted) assert.equal((await server.signIn(email)).status, 200, `round ${round}: ${email} was answered 201 but cannot sign in`);
        }
      });

      it("signing in with another customer's UUID moves none of that customer's data", async () => {
        const a = await server.customer();
        const b = await server.customer();
        const salt = `own-${randomUUID()}`;
        assert.equal((await server.call('POST', '/v4/events/batch', { token: a.token, body: [event(a.uuid, salt)] })).status, 202);
        const res = await server.signIn(b.email, PASSWORD, a.uuid);
        assert.equal(res.status, 200);
        assert.equal(res.body.uuid, b.uuid);
        const row = await server.ctx.db.selectFrom('events').select('client_id').where('event_salt', '=', salt).executeTakeFirstOrThrow();
        assert.equal(row.client_id, a.clientId);
        assert.equal((await findClientByUuid(server.ctx.db, a.uuid))?.id, a.clientId);
      });

      it('events are idempotent on eventSalt: the same batch twice stores each once, duplicates inside a batch too', async () => {
        const anon = await server.anonymous();
        const batch = [event(anon.uuid), event(anon.uuid), event(anon.uuid)];
        const salts = batch.map((e) => e.eventSalt);
        const first = await server.call('POST', '/v4/events/batch', { token: anon.token, body: batch });
        assert.equal(first.status, 202);
        assert.deepEqual(first.body, { status: 'ACCEPTED', received: 3, duplicates: 0 });
        const second = await server.call('POST', '/v4/events/batch', { token: anon.token, body: batch });
        assert.equal(second.status, 202);
        assert.deepEqual(second.body, { status: 'ACCEPTED', received: 3, duplicates: 3 });
        const stored = await server.ctx.db.selectFrom('events').select('event_salt').where('event_salt', 'in', salts).execute();
        assert.deepEqual(stored.map((r) => r.event_salt).sort(), [...salts].sort());

        const dup = `dup-${randomUUID()}`;
        const inner = await server.call('POST', '/v4/events/batch', {
          token: anon.token,
          body: [event(anon.uuid, dup, 'a'), event(anon.uuid, dup, 'b'), event(anon.uuid, salts[0])],
        });
        assert.equal(inner.status, 202);
        assert.deepEqual(inner.body, { status: 'ACCEPTED', received: 3, duplicates: 2 });
        const dupRows = await server.ctx.db.selectFrom('events').select(['event_salt', 'action']).where('event_salt', '=', dup).execute();
        assert.deepEqual(dupRows, [{ event_salt: dup, action: 'a' }], 'the first of a salt wins');
      });

      it('eventSalt is per profile: visitor B sending visitor A’s salts first suppresses none of A’s events', async () => {
        const victim = await server.anonymous();
        const attacker = await server.anonymous();
        const salts = [`a-${randomUUID()}`, `a-${randomUUID()}`];
        // B learnt A's salts (a shared device, a leaked log) and sends them first.
        const first = await server.call('POST', '/v4/events/batch', { token: attacker.token, body: salts.map((salt) => event(attacker.uuid, salt, 'forged')) });
        assert.deepEqual(first.body, { status: 'ACCEPTED', received: 2, duplicates: 0 });
        const real = await server.call('POST', '/v4/events/batch', { token: victim.token, body: salts.map((salt) => event(victim.uuid, salt, 'real')) });
        assert.equal(real.status, 202);
        assert.deepEqual(real.body, { status: 'ACCEPTED', received: 2, duplicates: 0 }, 'A’s events are not taken for duplicates');
        const victimId = (await findClientByUuid(server.ctx.db, victim.uuid))!.id;
        const stored = await server.ctx.db
          .selectFrom('events')
          .select(['event_salt', 'action'])
          .where('client_id', '=', victimId)
          .orderBy('event_salt')
          .execute();
        assert.deepEqual(
          stored,
          [...salts].sort().map((salt) => ({ event_salt: salt, action: 'real' })),
        );
        const again = await server.call('POST', '/v4/events/batch', { token: victim.token, body: salts.map((salt) => event(victim.uuid, salt, 'real')) });
        assert.deepEqual(again.body, { status: 'ACCEPTED', received: 2, duplicates: 2 }, 'A’s own resend is still a duplicate');
      });

      it('a merge keeps an event the customer already has once (the same salt sent under both sessions)', async () => {
        const anon = await server.anonymous();
        const salt = `both-${randomUUID()}`;
        assert.equal((await server.call('POST', '/v4/events/batch', { token: anon.token, body: [event(anon.uuid, salt)] })).status, 202);
        const email = `merge-${randomUUID()}@example.com`;
        const customer = await server.customer(email);
        assert.equal((await server.call('POST', '/v4/events/batch', { token: customer.token, body: [event(customer.uuid, salt)] })).status, 202);
        const res = await server.call('POST', '/sauth/v3/auth/login/client', {
          token: anon.token,
          body: { apiKey: API_KEY, uuid: anon.uuid, email, password: PASSWORD },
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const rows = await server.ctx.db.selectFrom('events').select('client_id').where('event_salt', '=', salt).execute();
        assert.deepEqual(rows, [{ client_id: customer.clientId }]);
      });

      it('sign-out revokes: the token is refused afterwards with 401 SESSION_REVOKED, refresh too', async () => {
        const customer = await server.customer();
        assert.equal((await getAccount(server.call, customer.token)).status, 200);
        assert.equal((await signOut(server.call, customer.token)).status, 204);
        assertError(await getAccount(server.call, customer.token), 401, 'SESSION_REVOKED');
        assertError(await server.call('POST', '/sauth/v3/auth/refresh/client', { token: customer.token, body: {} }), 401, 'SESSION_REVOKED');
        assertError(await server.call('POST', '/v4/events/batch', { token: customer.token, body: [event(customer.uuid)] }), 401, 'SESSION_REVOKED');
        const session = await server.ctx.db
          .selectFrom('sessions')
          .select(['revoked_at', 'revoked_reason'])
          .where('client_id', '=', customer.clientId)
          .where('realm', '=', 'client')
          .executeTakeFirstOrThrow();
        assert.equal(typeof session.revoked_at, 'number');
        assert.equal(session.revoked_reason, 'signed-out');
      });

      it('bigint columns (timestamps, ids) come back as JS numbers', async () => {
        const before = Date.now();
        const customer = await server.customer();
        assert.equal((await server.call('POST', '/v4/events/batch', { token: customer.token, body: [event(customer.uuid)] })).status, 202);
        const afterwards = Date.now();
        const client = await server.ctx.db.selectFrom('clients').selectAll().where('id', '=', customer.clientId).executeTakeFirstOrThrow();
        for (const key of ['id', 'created_at', 'updated_at', 'last_activity_at'] as const) {
          assert.equal(typeof client[key], 'number', `clients.${key} is ${typeof client[key]}`);
        }
        assert.ok(client.created_at >= before && client.created_at <= afterwards);
        const session = await server.ctx.db.selectFrom('sessions').selectAll().where('client_id', '=', customer.clientId).executeTakeFirstOrThrow();
        assert.equal(typeof session.client_id, 'number');
        assert.equal(typeof session.created_at, 'number');
        assert.equal(session.expires_at - session.created_at, server.ctx.config.sessionMaxAge * 1000);
        const ev = await server.ctx.db.selectFrom('events').selectAll().where('client_id', '=', customer.clientId).executeTakeFirstOrThrow();
        for (const key of ['id', 'client_id', 'event_time', 'received_at'] as const) assert.equal(typeof ev[key], 'number', `events.${key}`);
        const link = await server.ctx.db.selectFrom('client_uuids').selectAll().where('uuid', '=', customer.uuid).executeTakeFirstOrThrow();
        assert.equal(link.client_id, customer.clientId);
        const key = await server.ctx.db.selectFrom('signing_keys').select('created_at').executeTakeFirstOrThrow();
        assert.equal(typeof key.created_at, 'number');
        const account = await getAccount(server.call, customer.token);
        assert.equal(account.status, 200);
        assert.equal(account.body.clientId, customer.clientId);
        assert.equal(account.body.createdAt, new Date(client.created_at).toISOString());
      });
    });

    describe('writes that belong together', () => {
      it('a registration whose mail cannot be enqueued leaves no customer, no email token and no mail', async () => {
        const server = await makeServer({ SNR_REGISTRATION_MODE: 'confirmation' }, { dialect });
        try {
          const email = `halfway-${randomUUID()}@example.com`;
          const anon = await server.anonymous();
          await sql`alter table outbox rename to outbox_gone`.execute(server.ctx.db);
          const failed = await server.call('POST', '/sauth/clients/registered', { token: anon.token, body: { email, password: PASSWORD, firstName: 'Half' } });
          assertError(failed, 500, 'INTERNAL_ERROR');
          await sql`alter table outbox_gone rename to outbox`.execute(server.ctx.db);

          assert.deepEqual(await server.ctx.db.selectFrom('clients').select('id').where('email', '=', email).execute(), []);
          const anonRow = await findClientByUuid(server.ctx.db, anon.uuid);
          assert.equal(anonRow?.status, 'anonymous', 'the anonymous profile is untouched');
          assert.equal(anonRow?.email, null);
          assert.equal(anonRow?.first_name, null);
          assert.equal(anonRow?.password_hash, null);
          assert.equal(await count(server.ctx.db, 'email_tokens'), 0);
          assert.equal(await count(server.ctx.db, 'outbox'), 0);
          assertError(await server.signIn(email), 401, 'INVALID_CREDENTIALS');

          // Nothing half-written stands in the way of the next attempt.
          const retry = await server.call('POST', '/sauth/clients/registered', { token: anon.token, body: { email, password: PASSWORD } });
          assert.equal(retry.status, 201);
          assert.equal(retry.body.uuid, anon.uuid);
          assert.equal((await server.mails(email)).length, 1);
        } finally {
          await server.close();
        }
      });
    });

    describe('two instances on one database', () => {
      let first: TestServer;
      const others: Instance[] = [];
      before(async () => {
        first = await makeServer({ SNR_REVOCATION_CACHE_MS: '0' }, { dialect });
      });
      after(async () => {
        for (const other of others) await other.close();
        await first?.close();
      });
      const second = async (env: Record<string, string> = {}, clock?: TestClock) => {
        const other = await instanceOn(first.databaseUrl, env, clock);
        others.push(other);
        return other;
      };

      it('share the signing key from the store: each verifies the tokens of the other', async () => {
        const other = await second();
        assert.equal(other.ctx.keys.currentKid, first.ctx.keys.currentKid);
        assert.equal(await count(first.ctx.db, 'signing_keys'), 1, 'the second instance made no key of its own');
        assert.deepEqual((await other.call('GET', '/.well-known/jwks.json')).body, (await first.call('GET', '/.well-known/jwks.json')).body);

        const fromFirst = await first.customer();
        const seen = await getAccount(other.call, fromFirst.token);
        assert.equal(seen.status, 200);
        assert.equal(seen.body.clientId, fromFirst.clientId);

        const signedInOnSecond = await other.call('POST', '/sauth/v3/auth/login/client', {
          body: { apiKey: API_KEY, uuid: randomUUID(), email: fromFirst.email, password: PASSWORD },
        });
        assert.equal(signedInOnSecond.status, 200);
        assert.equal((await getAccount(first.call, signedInOnSecond.body.token)).status, 200);
        const refreshed = await first.call('POST', '/sauth/v3/auth/refresh/client', { token: signedInOnSecond.body.token, body: {} });
        assert.equal(refreshed.status, 200);
        assert.equal((await getAccount(other.call, refreshed.body.token)).status, 200);
      });

      it('with SNR_REVOCATION_CACHE_MS=0, a sign-out on one instance is refused at once on the other', async () => {
        const other = await second({ SNR_REVOCATION_CACHE_MS: '0' });
        assert.equal(other.ctx.config.revocationCacheMs, 0);
        const customer = await first.customer();
        assert.equal((await getAccount(other.call, customer.token)).status, 200);
        assert.equal((await signOut(first.call, customer.token)).status, 204);
        assertError(await getAccount(other.call, customer.token), 401, 'SESSION_REVOKED');
        assertError(await other.call('POST', '/sauth/v3/auth/refresh/client', { token: customer.token, body: {} }), 401, 'SESSION_REVOKED');
      });

      it('with the default revocation cache, the other instance refuses the token once the cache bound has passed', async () => {
        const clock = testClock();
        const other = await second({}, clock);
        const bound = other.ctx.config.revocationCacheMs;
        assert.equal(bound, 1000, 'the documented default');
        const customer = await first.customer();
        // The other instance has the live session in its cache now.
        assert.equal((await getAccount(other.call, customer.token)).status, 200);
        assert.equal((await signOut(first.call, customer.token)).status, 204);
        // Refresh reads the session afresh, so it never outruns a revocation, cache or not.
        assertError(await other.call('POST', '/sauth/v3/auth/refresh/client', { token: customer.token, body: {} }), 401, 'SESSION_REVOKED');
        clock.advance(bound);
        assertError(await getAccount(other.call, customer.token), 401, 'SESSION_REVOKED');
      });

      it('sign-out from all devices on one instance ends every session of the customer on the other', async () => {
        const other = await second({ SNR_REVOCATION_CACHE_MS: '0' });
        const customer = await first.customer();
        const laptop = await other.call('POST', '/sauth/v3/auth/login/client', {
          body: { apiKey: API_KEY, uuid: randomUUID(), email: customer.email, password: PASSWORD },
        });
        assert.equal(laptop.status, 200);
        const stranger = await first.customer();
        assert.equal((await signOut(first.call, customer.token, { fromAllDevices: true })).status, 204);
        assertError(await getAccount(other.call, laptop.body.token), 401, 'SESSION_REVOKED');
        assertError(await getAccount(other.call, customer.token), 401, 'SESSION_REVOKED');
        assert.equal((await getAccount(other.call, stranger.token)).status, 200, "another customer's session lives on");
      });
    });
  });
}
