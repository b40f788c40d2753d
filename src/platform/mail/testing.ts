/**
 * Test helpers of the mail platform (used by *.test.ts only; smtp-server and mailparser are
 * development dependencies): a real SMTP server on 127.0.0.1 that keeps what it receives.
 */
import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  mail: ParsedMail;
  envelope: { from: string | null; to: string[] };
}

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Stops listening (the port stays reserved for `restart`). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/** A real SMTP server (no TLS, no authentication needed) on 127.0.0.1 and a random port. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;

  const listen = (port: number) =>
    withTimeout(
      new Promise<number>((resolve, reject) => {
        const s = new SMTPServer({
          authOptional: true,
          disabledCommands: ['STARTTLS'],
          logger: false,
          closeTimeout: 100,
          disableReverseLookup: true,
          onData(stream, session, callback) {
            simpleParser(stream).then(
              (mail) => {
                const envelope = session.envelope;
                received.push({
                  mail,
                  envelope: { from: envelope.mailFrom ? envelope.mailFrom.address : null, to: envelope.rcptTo.map((r) => r.address) },
                });
                callback();
              },
              (error: Error) => callback(error),
            );
          },
        });
        s.on('error', () => {}); // a client that hangs up mid-message is not a test failure
        s.server.once('error', reject);
        s.listen(port, '127.0.0.1', () => {
          server = s;
          resolve((s.server.address() as net.AddressInfo).port);
        });
      }),
      5000,
      'SMTP test server listen',
    );

  const port = await listen(0);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    async stop() {
      const s = server;
      server = null;
      if (s) await withTimeout(new Promise<void>((resolve) => s.close(() => resolve())), 5000, 'SMTP test server close');
    },
    async restart() {
      if (!server) await listen(port);
    },
  };
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
