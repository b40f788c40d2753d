/**
 * Reports at national scale (issue 12), for `npm run bench`: builds the synthetic national programme
 * (src/demo/national; BENCH_NATIONAL_SCALE, default 1: 200 territories, 500,000 participants,
 * 3,000,000 registrations) on a PostgreSQL server of its own, times every query of the results
 * dashboard and of the funder's report for the largest territory (median of 3 runs after a
 * warm-up; target under 500 ms each), then downloads the largest territory's registrations export
 * from a Boutic process on that database (compiled, with the node options `npm start` gives it), counting the
 * lines as they stream, with the server's peak memory (VmHWM; target under 150 MB). Everything talks to 127.0.0.1 only.
 */
import fs from 'node:fs';
import { sign } from '@fastify/cookie';
import { createNationalDatabase } from '../src/demo/national/database.js';
import { openStaffSession, STAFF_COOKIE } from '../src/platform/auth/sessions.js';
import { startPostgres } from '../test/postgres-server.js';
import { startBoutic, stop } from './bench-registration.js';
import { timeResults } from './bench-national-queries.js';
import { shippedNodeOptions } from './run-ts.js';
import { reach } from './bench-targets.js';

type Table = (header: string[], rows: string[][]) => void;

const TARGET_MS = 500;
const TARGET_RSS_MB = 150;
const SECRET = 'bench-national-session-secret-0123456789abcdef';

const peakRssMb = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

export async function nationalFigures(table: Table): Promise<void> {
  const scale = Number(process.env.BENCH_NATIONAL_SCALE ?? '1');
  const server = await startPostgres();
  try {
    const { url, database, result } = await createNationalDatabase(server.url, { name: 'boutic_national', scale });
    const big = result.ids.territories[0]!;
    const bigRegistrations = result.plan.territories[0]!.registrations;
    console.log(`National synthetic programme (scale ${scale}), built by PostgreSQL in ${result.seconds.toFixed(0)} s:`);
    table(['step', 'seconds'], result.steps.map((s) => [s.step, s.seconds.toFixed(1)]));
    table(['table', 'rows'], Object.entries(result.counts).map(([name, n]) => [name, n.toLocaleString('en')]));

    try {
      // the dashboard and the report of the largest territory; there is no national scope: every
      // results function takes one territory (a national view would be a new feature)
      const cycles = result.ids.cycles[0]!;
      const times = await timeResults(database.db, big.id, { current: cycles.at(-1)!, reported: cycles.at(-2)! }, `largest territory (${bigRegistrations.toLocaleString('en')} registrations)`);
      console.log(`Results queries on PostgreSQL, largest territory, median of 3 runs after a warm-up (target under ${TARGET_MS} ms each):`);
      table(['query', 'rows', 'median', 'runs', 'target'], times.map((q) => [q.query, String(q.rows), `${q.median.toFixed(0)} ms`, q.runs.map((r) => r.toFixed(0)).join(' / '), q.median < TARGET_MS ? 'met' : 'NOT met']));
      const slowest = [...times].sort((x, y) => y.median - x.median)[0]!;
      const under = times.filter((q) => q.median < TARGET_MS).length;
      reach(
        `dashboard and report queries, largest territory (${bigRegistrations.toLocaleString('en')} registrations, scale ${scale})`,
        `< ${TARGET_MS} ms each`,
        `${under} of ${times.length} under; slowest ${slowest.query.split(' · ').slice(1).join(' · ')} ${slowest.median.toFixed(0)} ms`,
        under === times.length,
      );

      // the registrations export, streamed by a Boutic process signed in as the territory's coordinator
      const { token } = await openStaffSession(database.db, { staffUserId: result.ids.coordinators[0]!, ttlHours: 2 });
      const boutic = await startBoutic({ DATABASE_URL: url, SESSION_SECRET: SECRET });
      try {
        const before = peakRssMb(boutic.child.pid!);
        const t0 = performance.now();
        const res = await fetch(`${boutic.base}/equipe/bilan/inscriptions.csv`, { headers: { cookie: `${STAFF_COOKIE}=${encodeURIComponent(sign(token, SECRET))}`, 'accept-encoding': 'gzip' } });
        if (res.status !== 200) throw new Error(`export answered ${res.status}`);
        let lines = 0;
        let bytes = 0;
        let firstByte = 0;
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          if (!firstByte) firstByte = performance.now() - t0;
          bytes += chunk.length;
          const text = decoder.decode(chunk, { stream: true });
          for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
        }
        const seconds = (performance.now() - t0) / 1000;
        const rows = lines - 1; // the header
        const peak = peakRssMb(boutic.child.pid!);
        reach(`CSV export of ${rows.toLocaleString('en')} registrations, server peak RSS`, '< 150 MB (a million lines)', `${peak.toFixed(0)} MB`, peak < TARGET_RSS_MB && rows >= 1_000_000);
        console.log(`Registrations export of the largest territory (/equipe/bilan/inscriptions.csv, gzip), streamed by one Boutic process on PostgreSQL:`);
        table(['measure', 'value'], [
          ['lines (registrations)', `${rows.toLocaleString('en')} (expected ${bigRegistrations.toLocaleString('en')})`],
          ['content-length header', res.headers.get('content-length') ?? 'none (streamed)'],
          ['node options (as `npm start`)', `NODE_OPTIONS="${shippedNodeOptions().NODE_OPTIONS}"`],
          ['first byte', `${firstByte.toFixed(0)} ms`],
          ['total', `${seconds.toFixed(1)} s`],
          ['rows per second', Math.round(rows / seconds).toLocaleString('en')],
          ['CSV bytes (after gunzip)', `${(bytes / 1048576).toFixed(0)} MB`],
          ['server peak RSS (VmHWM) before the export', `${before.toFixed(0)} MB`],
          ['server peak RSS (VmHWM) after the export', `${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)} MB; target under ${TARGET_RSS_MB} MB: ${peak < TARGET_RSS_MB ? 'met' : 'NOT met'})`],
        ]);
      } finally {
        await stop(boutic.child);
      }
    } finally {
      await database.destroy();
    }
  } finally {
    await server.stop();
  }
}
