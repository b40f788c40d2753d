import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { idOf } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import { parisParts } from '../../platform/time.js';
import { requirePlanner, queryOf } from '../../planning/ui.js';
import { PrintPage } from './views.js';
import { renderPoster, type PrintFormat } from './poster.js';
import { defaultCycle, posterSessions, printableCycles, type PrintableCycle } from './queries.js';

/** A cycle's name in file names and in the campaign reference: « session-4 » (its number is stable, its name may change). */
export function cycleSlug(cycle: Pick<PrintableCycle, 'number'>): string {
  return `session-${cycle.number}`;
}

/** The programme's public page, with the campaign reference that tells which poster brought the visit. */
export function posterUrl(baseUrl: string, cycle: Pick<PrintableCycle, 'number'>): string {
  return `${baseUrl}/?ref=affiche-${cycleSlug(cycle)}`;
}

const fileName = (format: PrintFormat, cycle: PrintableCycle) => t(format === 'A4' ? 'print.filename_poster' : 'print.filename_flyer', { slug: cycleSlug(cycle) });

/**
 * Posters (A4) and flyers (A5) of a cycle for town halls and shops, for coordinators and
 * administrators: a page to choose the cycle, and the two PDFs. Another territory's cycle is a 404.
 */
export const printRoutes: FastifyPluginAsync = async (app) => {
  const { config, database } = app.deps;
  const db = database.db;

  app.get('/equipe/campagnes/affiches', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const cycles = await printableCycles(db, planner.territory.id);
    const asked = idOf(queryOf(request).cycle);
    const chosen = (asked !== null ? cycles.find((c) => c.id === asked) : undefined) ?? defaultCycle(cycles, parisParts(new Date()).date);
    // a count for the page: the sessions themselves, for a cycle holds a few dozen at most
    const upcoming = chosen ? await posterSessions(db, { territoryId: planner.territory.id, cycleId: chosen.id, now: new Date(), limit: 1000 }) : [];
    return reply.page(
      t('print.page.title'),
      <PrintPage
        cycles={cycles}
        chosen={chosen}
        upcoming={upcoming.length}
        qrUrl={chosen ? posterUrl(planner.territory.base_url, chosen) : undefined}
        files={chosen ? { poster: fileName('A4', chosen), flyer: fileName('A5', chosen) } : undefined}
      />,
    );
  });

  async function sendPoster(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, format: PrintFormat) {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const cycle = id === null ? undefined : (await printableCycles(db, planner.territory.id)).find((c) => c.id === id);
    if (!cycle) return reply.callNotFound();
    const territory = planner.territory;
    const sessions = await posterSessions(db, { territoryId: territory.id, cycleId: cycle.id, now: new Date() });
    // the posters of a cycle are a campaign of their own, so that registrations from their QR code are attributed to them
    await db
      .insertInto('campaigns')
      .values({ territory_id: territory.id, cycle_id: cycle.id, name: t('print.campaign_name', { cycle: cycle.name }), ref: `affiche-${cycleSlug(cycle)}`, subject: '', body: '', segment: '{}', status: 'sent', created_by: planner.actor.staffId, started_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['territory_id', 'ref']).doNothing())
      .execute();
    const pdf = await renderPoster(
      {
        programmeName: territory.programme_name ?? t('app.name'),
        tagline: territory.tagline,
        territoryName: territory.name,
        publisher: territory.publisher ?? territory.name,
        funder: territory.funder ?? '',
        cycleNumber: cycle.number,
        cycleName: cycle.name,
        sessions,
        siteUrl: territory.base_url,
        qrUrl: posterUrl(territory.base_url, cycle),
      },
      format,
    );
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${fileName(format, cycle)}"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  }

  app.get<{ Params: { id: string } }>('/equipe/campagnes/affiches/:id/affiche.pdf', (request, reply) => sendPoster(request, reply, 'A4'));
  app.get<{ Params: { id: string } }>('/equipe/campagnes/affiches/:id/flyer.pdf', (request, reply) => sendPoster(request, reply, 'A5'));
};
