import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { nodeArgs } from '../scripts/run-ts.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [...nodeArgs('src/main.ts'), ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitForHealth(url: string, child: ChildProcess, deadlineMs: number) {
  const start = Date.now();
  while (Date.now() - start < deadlineMs) {
    if (child.exitCode !== null) throw new Error('the process exited');
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return Date.now() - start;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('not up in time');
}

describe('the Boutic process', () => {
  test('`--demo` starts on an absent SQLite file within a minute, prints the staff logins, serves the Ternois, and stops on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-demo-'));
    const port = await freePort();
    const p = run(['--demo'], { PORT: String(port), DATA_DIR: dir });
    try {
      const upMs = await waitForHealth(`http://127.0.0.1:${port}`, p.child, 60_000);
      assert.ok(upMs < 60_000);
      assert.ok(fs.existsSync(path.join(dir, 'boutic.sqlite')), 'the database file is created under DATA_DIR');
      assert.match(p.output(), /administrator\s+\S+@\S+\s+mot de passe : \S+/);
      assert.match(p.output(), /coordinator\s+\S+@\S+\s+mot de passe : \S+/);
      const home = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      for (const venue of ['Saint-Pol-sur-Ternoise', 'Frévent', 'Auxi-le-Château', 'Pernes']) assert.match(home, new RegExp(venue));
      assert.match(home, /Prochaines séances/);
      p.child.kill('SIGTERM');
      assert.equal(await p.exited, 0, 'graceful shutdown exits 0');
    } finally {
      p.child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a wrong setting stops start-up with one clear line naming it', async () => {
    const p = run([], { PORT: 'abc', DATA_DIR: os.tmpdir() });
    const code = await p.exited;
    assert.notEqual(code, 0);
    const lines = p.output().trim().split('\n');
    assert.equal(lines.length, 1, p.output());
    assert.match(lines[0]!, /^Réglage invalide PORT : /);
  });

  test('an unreachable PostgreSQL stops start-up with a clear French line', async () => {
    const port = await freePort();
    const p = run([], { DATABASE_URL: `postgres://boutic:x@127.0.0.1:${port}/boutic` });
    const code = await p.exited;
    assert.notEqual(code, 0);
    assert.match(p.output().trim(), /^Base de données inaccessible : /);
    assert.doesNotMatch(p.output(), /\n\s+at /, 'no stack trace');
  });
});
