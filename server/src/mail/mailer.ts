import type { Kysely, Transaction } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { ServerConfig } from '../config.js';
import type { Database } from '../store/schema.js';
import type { MailContent } from './templates.js';

const MAX_ATTEMPTS = 10;
const RETRY_INTERVAL_MS = 30_000;
/** How long a claim holds: longer than any SMTP send takes, short enough to retry after a crash. */
const CLAIM_MS = 120_000;

export interface Logger {
  info(record: object, message: string): void;
  error(record: object, message: string): void;
}

/**
 * Every mail is first written to the `outbox` table in the same transaction as the change that
 * caused it, so a crash or an SMTP outage cannot lose it. With SMTP configured, the outbox is then
 * sent (and retried with a timer); without it, the outbox is the mailbox: printed on the console
 * and shown by the demo.
 */
export class Mailer {
  private transport: Transporter | undefined;
  private pending: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** Work started by `afterAnswer` and not finished yet; `idle()` waits for it. */
  private readonly later = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: ServerConfig,
    private readonly log: Logger,
    /** Outbox mode on a terminal: where each mail is printed readably (see `consoleMail`). */
    private readonly print?: (text: string) => void,
  ) {
    if (config.smtpUrl) {
      this.transport = nodemailer.createTransport(config.smtpUrl);
      this.timer = setInterval(() => void this.flush(), RETRY_INTERVAL_MS);
      this.timer.unref();
    }
  }

  get mode(): 'smtp' | 'outbox' {
    return this.transport ? 'smtp' : 'outbox';
  }

  async enqueue(trx: Transaction<Database> | Kysely<Database>, to: string, content: MailContent, now: number): Promise<void> {
    await trx
      .insertInto('outbox')
      .values({
        to_address: to,
        subject: content.subject,
        text_body: content.text,
        html_body: content.html,
        created_at: now,
        sent_at: null,
        attempts: 0,
        last_error: null,
        claimed_until: null,
      })
      .execute();
  }

  /**
   * Delivers once the current answer has gone out (a request that enqueued mail, or a request that
   * did the same work for show, is not slowed down by it, so both take the same time).
   */
  flushSoon(): void {
    this.pending = this.pending
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.deliver())
      .catch((err) => this.log.error({ reason: String(err) }, 'mail delivery stopped'));
  }

  /** Delivers what the outbox holds; called after each commit that enqueued mail. One flush at a time. */
  flush(): Promise<void> {
    this.pending = this.pending.then(() => this.deliver()).catch((err) => this.log.error({ reason: String(err) }, 'mail delivery stopped'));
    return this.pending;
  }

  private async deliver(): Promise<void> {
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .orderBy('id')
      .limit(100)
      .execute();
    for (const row of rows) {
      // Claim the mail first: of several instances flushing at once, only one sends it.
      const now = Date.now();
      const claim = await this.db
        .updateTable('outbox')
        .set({ claimed_until: now + CLAIM_MS })
        .where('id', '=', row.id)
        .where('sent_at', 'is', null)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      if (!this.transport) {
        // Outbox mode: the console is the mailbox (local development only: it shows the link).
        // On a terminal (a developer's `npm start`) it is printed for reading; elsewhere (a container,
        // a log collector) it stays one JSON record, as every other log line.
        if (this.print) this.print(consoleMail({ to: row.to_address, subject: row.subject, text: row.text_body }));
        else this.log.info({ mail: { to: row.to_address, subject: row.subject }, text: row.text_body }, 'mail kept in the outbox');
        await this.db
          .updateTable('outbox')
          .set({ sent_at: Date.now(), attempts: row.attempts + 1 })
          .where('id', '=', row.id)
          .execute();
        continue;
      }
      try {
        await this.transport.sendMail({ from: this.config.mailFrom, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body });
        // Delivered: the copy kept here loses its link's token, so the table never holds a live link
        // (the database stores only hashes of emailed tokens, DESIGN.md §11).
        await this.db
          .updateTable('outbox')
          .set({
            sent_at: Date.now(),
            attempts: row.attempts + 1,
            last_error: null,
            text_body: withoutTokens(row.text_body),
            html_body: withoutTokens(row.html_body),
          })
          .where('id', '=', row.id)
          .execute();
      } catch (err) {
        await this.db
          .updateTable('outbox')
          .set({ attempts: row.attempts + 1, last_error: String((err as Error).message ?? err).slice(0, 500), claimed_until: null })
          .where('id', '=', row.id)
          .execute();
        this.log.error(
          { mail: { id: row.id, subject: row.subject }, attempt: row.attempts + 1, reason: (err as Error).message },
          'mail delivery failed, will retry',
        );
      }
    }
  }

  /**
   * Runs `task` (the writes that make a mail) once the answer has gone out (`sent`, see
   * `answerSent()` in http.ts), then delivers.
   * For requests whose answer must not depend on what the task finds to do: an email route answers
   * 202 at the same moment whether the address has an account (a link is made and mailed) or not
   * (nothing is). A failure is logged: the answer has gone already. `idle()` waits for the task.
   */
  afterAnswer(sent: Promise<void>, task: () => Promise<void>): void {
    const run = sent
      .then(task)
      .then(
        () => this.flushSoon(),
        (err: unknown) => this.log.error({ reason: String(err) }, 'an emailed link could not be made'),
      )
      .finally(() => this.later.delete(run));
    this.later.add(run);
  }

  /** Resolves once the work started by `afterAnswer` is done (its mail in the outbox). */
  async settle(): Promise<void> {
    while (this.later.size) await Promise.all([...this.later]);
  }

  /** Resolves once the work started by `afterAnswer` and the deliveries under way are done. */
  async idle(): Promise<void> {
    await this.settle();
    await this.pending;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.transport?.close();
  }
}

/** A mail's text with the `token` of its links blanked: what is kept once the mail is delivered. */
export function withoutTokens(body: string): string {
  return body.replace(/([?&](?:amp;)?token=)[A-Za-z0-9_-]+/g, '$1(sent)');
}

/**
 * A mail as the console shows it in outbox mode on a terminal: a framed block, one line per line of
 * the text, and every link on a line of its own (terminals make it clickable; nothing wraps into it).
 */
export function consoleMail(mail: { to: string; subject: string; text: string }): string {
  const rule = '─'.repeat(72);
  const lines: string[] = [];
  for (const line of mail.text.replace(/\r\n?/g, '\n').split('\n')) {
    const parts = line.split(/(https?:\/\/\S+)/).filter((part) => part.trim() !== '');
    if (parts.length <= 1) lines.push(line);
    else for (const part of parts) lines.push(part.trim());
  }
  return [
    `┌${rule}`,
    `│ Mail to ${mail.to} (outbox mode: not sent)`,
    `│ Subject: ${mail.subject}`,
    `├${rule}`,
    ...lines.map((l) => (l ? `│ ${l}` : '│')),
    `└${rule}`,
    '',
  ].join('\n');
}
