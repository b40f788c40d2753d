import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.js';

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** UTF-8 text (e.g. an .ics), or base64 when `encoding` says so (a PDF) */
  content: string;
  encoding?: 'base64';
}

/** One message as it leaves Boutic. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
  /** Stable per outbox row, angle brackets included, so that a resend can be recognised. */
  messageId: string;
  /** The outbox row, when there is one: the file transport names its files after it. */
  outboxId?: number;
  createdAt?: string;
}

export interface MailTransport {
  /** Resolves when the message is accepted (by the SMTP server, or written to disk); rejects otherwise. */
  send(message: MailMessage): Promise<void>;
  close?(): void;
}

/**
 * SMTP_URL set: nodemailer over SMTP (a pooled connection, bounded waits).
 * Unset: each message is written as a readable .eml file under `${dataDir}/mail/`.
 */
export function createMailTransport(config: Config): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(path.join(config.dataDir, 'mail'));
}

function mailOptions(message: MailMessage) {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: message.headers ?? {},
    attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content, ...(a.encoding ? { encoding: a.encoding } : {}) })),
  };
}

const loadNodemailer = async () => (await import('nodemailer')).default;

export function smtpTransport(url: string): MailTransport {
  // One pooled connection, reused between messages (the worker sends one at a time); waits are
  // bounded, because the worker's lease on a message (2 minutes) must outlast a stuck server.
  // nodemailer (~3 MB of memory) is loaded on the first message: most processes send nothing for hours
  let transporter: Transporter | undefined;
  return {
    async send(message) {
      transporter ??= (await loadNodemailer()).createTransport({
        url,
        pool: true,
        maxConnections: 1,
        maxMessages: 100,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
      await transporter.sendMail(mailOptions(message));
    },
    close() {
      transporter?.close();
    },
  };
}

/** Development and trials without SMTP: messages stay where a person can read them. */
export function fileTransport(dir: string): MailTransport {
  let composer: Transporter | undefined;
  return {
    async send(message) {
      composer ??= (await loadNodemailer()).createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      const info = await composer.sendMail(mailOptions(message));
      const stamp = (message.createdAt ?? new Date().toISOString()).replace(/[:.]/g, '-');
      const name = `${stamp}-${message.outboxId ?? message.messageId.replace(/[^A-Za-z0-9]+/g, '_')}.eml`;
      await fs.mkdir(dir, { recursive: true });
      // Written aside then renamed: a reader never sees half a message; a resend replaces it.
      const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
      await fs.writeFile(tmp, info.message as Buffer);
      await fs.rename(tmp, path.join(dir, name));
    },
  };
}
