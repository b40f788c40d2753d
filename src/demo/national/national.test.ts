import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../platform/db/database.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { programmeFigures } from '../../results/queries.js';
import { reportData } from '../../results/report/data.js';
import { CYCLES, FULL, planCycles, planNational, checkCalendar, PlanError } from './plan.js';
import { createNationalDatabase } from './database.js';
import type { NationalResult } from './generate.js';

const NOW = new Date('2026-11-28T10:00:00Z');

describe('the national plan', () => {
  test('at scale 1: 200 territories, 800 venues, 500,000 people, 3,000,000 registrations, a third in the first territory', () => {
    const plan = planNational(1);
    assert.deepEqual({ ...plan.totals, sessions: undefined }, { ...FULL, sessions: undefined });
    const big = plan.territories[0]!;
    assert.equal(big.registrations, 1_000_000);
    assert.equal(big.participants, Math.round(FULL.participants / 3));
    assert.equal(big.venues, 200);
    // about fifty sessions a cycle in an ordinary territory
    const other = plan.territories[100]!;
    assert.ok(other.sessionsPerCycle >= 45 && other.sessionsPerCycle <= 55, String(other.sessionsPerCycle));
    checkCalendar(plan, planCycles(NOW));
  });

  test('eight half-year cycles, the last one the half-year of now, sessions Monday to Saturday', () => {
    const cycles = planCycles(NOW);
    assert.equal(cycles.length, CYCLES);
    assert.deepEqual([cycles[0]!.startsOn, cycles.at(-1)!.startsOn], ['2023-01-12', '2026-09-07']);
    for (const c of cycles) {
      assert.equal(new Date(`${c.firstDay}T00:00:00Z`).getUTCDay(), 1);
      assert.ok(c.firstDay >= c.startsOn && c.endsOn > c.firstDay);
    }
  });

  test('a scale too small to keep a session’s people distinct is refused', () => {
    assert.throws(() => planNational(0.0001), PlanError);
    assert.throws(() => planNational(0), PlanError);
  });
});

const adminUrl = process.env.TEST_POSTGRES_URL;

describe('the national dataset on PostgreSQL (small scale)', { skip: adminUrl ? false : 'PostgreSQL only (npm test starts one)' }, () => {
  let database: Database;
  let result: NationalResult;
  const name = `boutic_national_${crypto.randomBytes(4).toString('hex')}`;
  const empty = `${name}_empty`;

  before(async () => {
    ({ database, result } = await createNationalDatabase(adminUrl!, { name, scale: 0.002, now: NOW }));
  });
  after(async () => {
    await database?.destroy();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    for (const db of [name, empty]) await admin.query(`drop database if exists ${db} with (force)`);
    await admin.end();
  });

  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]!;
  const count = async (query: ReturnType<typeof sql>) => Number(((await query.execute(database.db)).rows[0] as { n: unknown }).n);

  test('the counts are the plan’s', () => {
    const { totals } = result.plan;
    assert.equal(result.counts.territories, totals.territories);
    assert.equal(result.counts.venues, totals.venues);
    assert.equal(result.counts.participants, totals.participants);
    assert.equal(result.counts.registrations, totals.registrations);
    assert.equal(result.counts.sessions, totals.sessions);
    assert.ok(result.counts.companies > 0 && result.counts.survey_invitations > 0 && result.counts.satisfaction_answers > 0 && result.counts.referrals > 0 && result.counts.demand_requests > 0);
  });

  test('the first territory holds a third of the registrations', async () => {
    const big = result.ids.territories[0]!.id;
    const n = await count(sql`select count(*) as n from registrations r join sessions s on s.id = r.session_id join workshops w on w.id = s.workshop_id where w.territory_id = ${big}`);
    assert.equal(n, result.plan.territories[0]!.registrations);
  });

  test('the schema is the migrated one: every index and constraint dropped for the load is back', async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${empty}`);
    await admin.end();
    const url = new URL(adminUrl!);
    url.pathname = `/${empty}`;
    const fresh = openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 1 });
    try {
      await migrateToLatest(fresh.db);
      const shape = async (db: Database['db']) => {
        const indexes = await sql<{ d: string }>`select indexdef as d from pg_indexes where schemaname = 'public'`.execute(db);
        const constraints = await sql<{ d: string }>`select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated as d from pg_constraint where connamespace = 'public'::regnamespace`.execute(db);
        return [...indexes.rows, ...constraints.rows].map((r) => r.d).sort();
      };
      assert.deepEqual(await shape(database.db), await shape(fresh.db));
    } finally {
      await fresh.destroy();
    }
  });

  test('seats: seats_taken is the confirmed count and never above the seats; nobody waits while a seat is free', async () => {
    const bad = await count(sql`
      select count(*) as n from sessions s
      left join (select session_id, count(*) filter (where status = 'confirmed') as confirmed, count(*) filter (where status = 'waitlisted') as waiting from registrations group by session_id) r on r.session_id = s.id
      where s.seats_taken <> coalesce(r.confirmed, 0) or s.seats_taken > s.seats or (coalesce(r.waiting, 0) > 0 and s.seats_taken < s.seats)`);
    assert.equal(bad, 0);
    const positions = await count(sql`
      select count(*) as n from (select session_id, array_agg(waitlist_position order by waitlist_position) as p, count(*) as c from registrations where status = 'waitlisted' group by session_id) w
      where w.p <> array(select generate_series(1, w.c::int))`);
    assert.equal(positions, 0);
    assert.ok((await count(sql`select count(*) as n from registrations where status = 'waitlisted'`)) > 0, 'some sessions are full and have a waitlist');
  });

  test('people: registered in their own territory, once per session; their company is of their territory', async () => {
    assert.equal(await count(sql`select count(*) as n from registrations r join sessions s on s.id = r.session_id join workshops w on w.id = s.workshop_id join participants p on p.id = r.participant_id where p.territory_id <> w.territory_id`), 0);
    assert.equal(await count(sql`select count(*) as n from (select session_id, participant_id from registrations group by 1, 2 having count(*) > 1) d`), 0);
    assert.equal(await count(sql`select count(*) as n from participants p join companies c on c.id = p.company_id where c.territory_id <> p.territory_id`), 0);
    assert.equal(await count(sql`select count(*) as n from venues v join sessions s on s.venue_id = v.id join workshops w on w.id = s.workshop_id where w.territory_id <> v.territory_id`), 0);
  });

  test('attendance only for confirmed people at held sessions; held sessions are past, scheduled ones to come', async () => {
    assert.equal(await count(sql`select count(*) as n from registrations r join sessions s on s.id = r.session_id where r.attendance is not null and (r.status <> 'confirmed' or s.status <> 'held')`), 0);
    assert.equal(await count(sql`select count(*) as n from sessions where (status = 'held' and ends_at > ${NOW.toISOString()}::timestamptz) or (status = 'scheduled' and ends_at < ${NOW.toISOString()}::timestamptz)`), 0);
    assert.equal(await count(sql`select count(*) as n from registrations where created_at > ${NOW.toISOString()}::timestamptz`), 0);
  });

  test('no venue and no facilitator is booked for two overlapping sessions', async () => {
    const overlaps = await count(sql`
      select count(*) as n from sessions a join sessions b on a.id < b.id and (a.venue_id = b.venue_id or a.facilitator_id = b.facilitator_id)
      and a.starts_at < b.ends_at and b.starts_at < a.ends_at`);
    assert.equal(overlaps, 0);
  });

  test('surveys: invited once, for a presence; answers never outnumber the answered invitations', async () => {
    assert.equal(await count(sql`select count(*) as n from survey_invitations i where kind = 'satisfaction' and not exists (select 1 from registrations r where r.session_id = i.session_id and r.participant_id = i.participant_id and r.attendance = 'present')`), 0);
    const row = await one(sql<{ answered: string; answers: string }>`select (select count(*) from survey_invitations where kind = 'satisfaction' and answered_on is not null) as answered, (select count(*) from satisfaction_answers) as answers`);
    assert.equal(Number(row.answers), Number(row.answered));
  });

  test('the dashboard and the funder’s report read it: the breakdowns add up to the leaders reached', async () => {
    const big = result.ids.territories[0]!.id;
    const figures = await programmeFigures(database.db, big, null);
    assert.ok(figures.leaders > 0 && figures.registrations > 0 && figures.participantHours > 0);
    const cycle = result.ids.cycles[0]!.at(-2)!;
    const report = await reportData(database.db, big, cycle, { now: NOW });
    assert.ok(report);
    const sum = (rows: Array<{ participants: number }>) => rows.reduce((a, r) => a + r.participants, 0);
    assert.equal(sum(report.bySector), report.figures.leaders);
    assert.equal(sum(report.byCommune), report.figures.leaders);
    assert.ok(report.byCommune.some((c) => c.key === 'outside'), 'some people come from outside the territory');
  });
});
