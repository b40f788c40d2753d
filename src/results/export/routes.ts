import { Readable, pipeline } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { auditAccess } from '../../platform/audit.js';
import { csvStream } from '../../platform/csv.js';
import { idOf } from '../../platform/forms.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import { parisParts } from '../../platform/time.js';
import { queryOf, requirePlanner } from '../../planning/ui.js';
import { safeCell } from '../../registration/roster.js';
import { sectorLabel, sizeLabel } from '../report/data.js';
import { registrationBatches, registrationCount, type ExportRow } from './query.js';

const two = (n: number) => String(n).padStart(2, '0');
const frenchDate = (date: string) => date.split('-').reverse().join('/');

/**
 * Paris date and time of an instant, remembered by its UTC hour: Paris is a whole number of hours
 * from UTC, so the hour fixes the date, and a million lines cost a few thousand conversions.
 */
function parisClock() {
  const days = new Map<string, { date: string; hour: number }>();
  return (instant: string) => {
    const key = instant.slice(0, 13);
    let p = days.get(key);
    if (!p) {
      const parts = parisParts(new Date(instant));
      p = { date: frenchDate(parts.date), hour: parts.hour };
      days.set(key, p);
    }
    return { date: p.date, time: `${two(p.hour)}:${instant.slice(14, 16)}` };
  };
}

export const EXPORT_COLUMNS: MessageKey[] = [
  'results.export.col.id',
  'results.export.col.cycle',
  'results.export.col.date',
  'results.export.col.time',
  'results.export.col.workshop',
  'results.export.col.venue',
  'results.export.col.venue_commune',
  'results.export.col.session_status',
  'results.export.col.status',
  'results.export.col.attendance',
  'results.export.col.walk_in',
  'results.export.col.source',
  'results.export.col.created',
  'results.export.col.sector',
  'results.export.col.size',
];

/** The line of a registration; text typed by people (titles, names of places) made inert for spreadsheets. */
function lineOf(clock: ReturnType<typeof parisClock>) {
  const labels = new Map<string, string>();
  const label = (key: string) => labels.get(key) ?? (labels.set(key, t(key as MessageKey)), labels.get(key)!);
  return (r: ExportRow): string[] => {
    const when = clock(r.starts_at);
    return [
      String(r.id),
      safeCell(r.cycle),
      when.date,
      when.time,
      safeCell(r.workshop),
      safeCell(r.venue),
      safeCell(r.venue_commune),
      label(`planning.status.${r.session_status}`),
      label(`results.export.status.${r.status}`),
      r.attendance ? label(`facilitation.attendance.${r.attendance}`) : '',
      label(r.walk_in ? 'results.export.yes' : 'results.export.no'),
      safeCell(r.source),
      clock(r.created_at).date,
      r.sector ? sectorLabel(r.sector) : '',
      r.size_band ? sizeLabel(r.size_band) : '',
    ];
  };
}

/**
 * The CSV text of the export, pulled from `batches` only as fast as it is read: `Readable.from`
 * asks the generator for the next line when its buffer (16 lines) has room, csv-stringify's buffers
 * hold 16 lines and 16 KB, and Fastify pipes the result to the socket (through gzip), which stops
 * reading when the client does. So at most one batch is in memory, whatever the size of the export
 * or the speed of the client; when the stream is destroyed (the client went away), the walk of the
 * database stops (the generator's `finally` runs).
 */
export function registrationsCsv(batches: AsyncIterable<ExportRow[]>, onError: (error: Error) => void = () => {}): Readable {
  const line = lineOf(parisClock());
  async function* lines() {
    // Excel in French reads `;` and needs the BOM to see UTF-8 (as the other exports)
    yield EXPORT_COLUMNS.map((key) => t(key));
    for await (const batch of batches) for (const r of batch) yield line(r);
  }
  const csv = csvStream().stringify({ delimiter: ';', record_delimiter: 'windows', bom: true });
  pipeline(Readable.from(lines()), csv, (error) => {
    if (error) onError(error);
  });
  return csv;
}

/**
 * `/equipe/bilan/inscriptions.csv` (`?session=<cycle>` for one cycle): every registration of the
 * territory, one line each, for the coordination (canPlan; the elected officials read the
 * aggregates, not lines). No name, e-mail, phone or company name: the session, the status and
 * attendance, the company's sector and size. Streamed: batches of 5,000 read by keyset, written
 * through csv-stringify as the client takes them, so memory stays flat at any size. The copy is
 * logged before the first line (export.registrations, with the line count).
 */
export const registrationsExportRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  app.get('/equipe/bilan/inscriptions.csv', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const territoryId = planner.territory.id;
    const wanted = idOf(queryOf(request).session);
    const cycle = wanted === null ? undefined : await db.selectFrom('cycles').select('id').where('id', '=', wanted).where('territory_id', '=', territoryId).executeTakeFirst();
    // a cycle asked for that is not the territory's: not found, rather than every cycle's lines
    if (queryOf(request).session !== undefined && !cycle) return reply.callNotFound();
    const scope = { territoryId, cycleId: cycle?.id ?? null };
    const rows = await registrationCount(db, scope);
    await auditAccess(db, { territoryId, staffId: planner.actor.staffId, action: 'export.registrations', rows, details: { cycle: scope.cycleId } });

    const csv = registrationsCsv(registrationBatches(db, scope), (error) => request.log.warn({ err: error }, 'registrations export interrupted'));
    const filename = scope.cycleId === null ? 'inscriptions.csv' : `inscriptions-session-${scope.cycleId}.csv`;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(csv);
  });
};
