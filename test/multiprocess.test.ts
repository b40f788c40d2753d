import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { burst, confirmedCount, newSession, startBoutic, stop } from '../scripts/bench-registration.js';

// DESIGN.md invariant 1 with several processes: two Boutic processes share one PostgreSQL and
// 200 people register at once through both for a 12-seat session.
test('two Boutic processes on one PostgreSQL never overbook a session', { skip: !process.env.TEST_POSTGRES_URL && 'needs TEST_POSTGRES_URL (npm test sets it)' }, async () => {
  const adminUrl = process.env.TEST_POSTGRES_URL!;
  const name = `boutic_mp_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = { kind: 'postgres' as const, url: url.toString() };
  const a = await startBoutic({ DATABASE_URL: database.url }, ['--demo']);
  const b = await startBoutic({ DATABASE_URL: database.url });
  try {
    const sessionId = await newSession(database, 1);
    const result = await burst([a.base, b.base], sessionId, 200, 'mp');
    const counts = await confirmedCount(database, sessionId);
    assert.equal(result.errors, 0);
    assert.equal(counts.confirmed, 12);
    assert.equal(counts.taken, 12);
    assert.equal(counts.waitlisted, 188);
  } finally {
    await Promise.all([stop(a.child), stop(b.child)]);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
