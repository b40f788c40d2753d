import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../platform/audit.js';
import { idOf } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import { queryOf } from '../../planning/ui.js';
import { parisParts } from '../../platform/time.js';
import { renderReportCsv } from './csv.js';
import { reportData, type ReportData } from './data.js';
import { reportFilename } from './info.js';
import { renderReportPdf, renderReportPdfCounted, type ReportPdfOptions } from './pdf.js';
import { requireReportReader, type ReportReader } from './policy.js';
import { reportMapDrawer } from './map.js';
import { reportTables } from './tables.js';
import { ReportPage } from './views.js';
import { renderReportXlsx } from './xlsx.js';

export interface ReportRoutesOptions {
  /** The territory's map for a report (another capability provides it); without it the PDF lists the communes reached. */
  drawMapFor?: (data: ReportData) => ReportPdfOptions['drawMap'] | Promise<ReportPdfOptions['drawMap']>;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// a cycle id is a positive integer; anything else is not a page of ours (the router answers 404)
const CYCLE = ':cycleId(^\\d{1,9})';

/**
 * The funder's report of a cycle: the page to choose the cycle and download, the PDF, the workbook
 * and one CSV per table. For the coordination and the elected officials (read only); another
 * territory's cycle, or an unknown one, is a 404 like any missing page. Each download is audited.
 */
export const reportRoutes: FastifyPluginAsync<ReportRoutesOptions> = async (app, options) => {
  const db = app.deps.database.db;
  // the map of the cycle from the contours the coordination loaded (none loaded: the communes are listed)
  const drawMapFor = options.drawMapFor ?? ((data: ReportData) => reportMapDrawer(db, data.territory.id, data.cycle.id));
  const pdfOptions = async (data: ReportData): Promise<ReportPdfOptions> => ({ drawMap: (await drawMapFor(data)) ?? undefined });

  app.get('/equipe/bilan/rapport', async (request, reply) => {
    const reader = await requireReportReader(request, reply);
    if (!reader) return reply;
    const territoryId = reader.territory.id;
    const cycles = await db.selectFrom('cycles').select(['id', 'name', 'starts_on']).where('territory_id', '=', territoryId).orderBy('number', 'desc').execute();
    const wanted = idOf(queryOf(request).session);
    const today = parisParts(new Date()).date;
    // by default the newest cycle that has begun (the one a funder asks about), else the newest
    const cycle = cycles.find((c) => c.id === wanted) ?? cycles.find((c) => c.starts_on <= today) ?? cycles[0];
    const data = cycle ? await reportData(db, territoryId, cycle.id) : null;
    let chosen = null;
    if (data) {
      // the sizes are those of the files themselves: rendered here, once each (a cycle's report is small)
      const tables = reportTables(data);
      const [pdf, xlsx] = await Promise.all([renderReportPdfCounted(data, await pdfOptions(data)), renderReportXlsx(data)]);
      chosen = {
        id: data.cycle.id,
        name: data.cycle.name,
        pdf: { bytes: pdf.pdf.length, pages: pdf.pages },
        xlsx: { bytes: xlsx.length, sheets: tables.length },
        csv: tables.map((table) => ({ slug: table.slug, name: table.sheet, rows: table.rows.length, bytes: Buffer.byteLength(renderReportCsv(table)) })),
      };
    }
    return reply.page(t('report.page.title'), <ReportPage cycles={cycles} chosen={chosen} />);
  });

  /** The reader and the cycle's report, or null once the answer (login, 404) is sent. */
  async function load(request: FastifyRequest<{ Params: { cycleId: string } }>, reply: FastifyReply): Promise<{ reader: ReportReader; data: ReportData } | null> {
    const reader = await requireReportReader(request, reply);
    if (!reader) return null;
    const data = await reportData(db, reader.territory.id, Number(request.params.cycleId));
    if (!data) {
      await reply.callNotFound();
      return null;
    }
    return { reader, data };
  }

  const exported = (reader: ReportReader, data: ReportData, details: { format: 'pdf' | 'xlsx' | 'csv'; table?: string }) =>
    audit(db, { territoryId: reader.territory.id, actor: `staff:${reader.staff.id}`, action: 'report.exported', subject: `cycle:${data.cycle.id}`, details });

  const send = (reply: FastifyReply, type: string, filename: string, body: Buffer | string) =>
    reply.header('content-type', type).header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(body);

  app.get<{ Params: { cycleId: string } }>(`/equipe/bilan/rapport/${CYCLE}.pdf`, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    const pdf = await renderReportPdf(found.data, await pdfOptions(found.data));
    await exported(found.reader, found.data, { format: 'pdf' });
    return send(reply, 'application/pdf', reportFilename(found.data.cycle, 'pdf'), pdf);
  });

  app.get<{ Params: { cycleId: string } }>(`/equipe/bilan/rapport/${CYCLE}.xlsx`, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    const xlsx = await renderReportXlsx(found.data);
    await exported(found.reader, found.data, { format: 'xlsx' });
    return send(reply, XLSX_TYPE, reportFilename(found.data.cycle, 'xlsx'), xlsx);
  });

  // one table per file (`?table=secteurs`…); no table or an unknown one is a 404 like a missing file
  app.get<{ Params: { cycleId: string } }>(`/equipe/bilan/rapport/${CYCLE}.csv`, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    const wanted = queryOf(request).table;
    const table = reportTables(found.data).find((x) => x.slug === wanted);
    if (!table) return reply.callNotFound();
    await exported(found.reader, found.data, { format: 'csv', table: table.slug });
    return send(reply, 'text/csv; charset=utf-8', reportFilename(found.data.cycle, { table: table.slug }), renderReportCsv(table));
  });
};
