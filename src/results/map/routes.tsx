import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { acceptFileUpload, uploadedFile, type UnreadableUpload } from '../../platform/http/uploads.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { queryOf, requirePlanner, type Planner } from '../../planning/ui.js';
import { canPlan } from '../../planning/policy.js';
import { requireResultsReader } from '../access.js';
import { filterOptions, parseFilter } from '../filters.js';
import { matchContours, readContourFile } from './contours.js';
import { removeTerritoryContours, saveTerritoryContours } from './commands.js';
import { contoursReport, territoryMapData } from './queries.js';
import { ContoursPage } from './contours-views.js';
import { MapPage } from './views.js';

export const MAX_CONTOUR_BYTES = 5 * 1024 * 1024;
const EXTENSIONS = /\.(geojson|topojson|json)$/i;

/** What to say beside the field when the multipart body could not be read. */
const UNREADABLE: Record<UnreadableUpload, MessageKey> = {
  too_many_files: 'map.error.too_many',
  too_big: 'map.error.too_big',
  unreadable: 'map.error.unreadable',
};

/**
 * The territory map (results, issue 7): the map page and the upload of the communes' contours,
 * for the coordination only. Multipart is accepted by these routes alone, with a 5 MB, one-file
 * limit; the body is read before the platform's CSRF check, which then finds `_csrf` in it.
 */
export const mapRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  const showContours = async (reply: FastifyReply, planner: Planner, errors: FieldErrors, options: { status?: number; notice?: string | undefined } = {}) => {
    const current = await contoursReport(db, planner.territory.id);
    const status = options.status ?? (Object.keys(errors).length ? 400 : 200);
    return reply.page(t('map.contours.title'), <ContoursPage csrf={reply.generateCsrf()} current={current} errors={errors} />, { status, notice: options.notice });
  };

  await acceptFileUpload(app, {
    maxBytes: MAX_CONTOUR_BYTES,
    path: '/equipe/bilan/contours',
    async onUnreadable(request, reply, why) {
      const planner = await requirePlanner(request, reply);
      if (!planner) return reply;
      return showContours(reply, planner, { fichier: t(UNREADABLE[why]) }, { status: why === 'too_big' ? 413 : 400 });
    },
  });

  app.get('/equipe/bilan/carte', async (request, reply) => {
    // read by everyone who reads the results (elected officials too); loading contours is the coordination's
    const reader = await requireResultsReader(request, reply);
    if (!reader) return reply;
    const territoryId = reader.territory.id;
    const options = await filterOptions(db, territoryId);
    const filter = parseFilter(queryOf(request), options);
    const data = await territoryMapData(db, territoryId, filter);
    return reply.page(t('map.title'), <MapPage options={options} filter={filter} data={data} canUpload={canPlan(reader.staff, territoryId)} />);
  });

  app.get('/equipe/bilan/contours', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const q = queryOf(request);
    return showContours(reply, planner, {}, { notice: q.charge ? t('map.contours.saved') : q.retire ? t('map.contours.removed') : undefined });
  });

  app.post('/equipe/bilan/contours', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const file = uploadedFile(request.body);
    const refuse = (key: MessageKey, params: Record<string, number> = {}, status = 400) => showContours(reply, planner, { fichier: t(key, params) }, { status });
    if (!file || (!file.filename && file.data.length === 0)) return refuse('map.error.required');
    if (!EXTENSIONS.test(file.filename ?? '')) return refuse('map.error.extension');
    if (file.truncated || file.data.length > MAX_CONTOUR_BYTES) return refuse('map.error.too_big', {}, 413);
    const read = readContourFile(file.data.toString('utf8'));
    if (!read.ok) return refuse(read.error === 'not_json' ? 'map.error.not_json' : read.error === 'too_many_points' ? 'map.error.too_many_points' : 'map.error.not_geo', {}, read.error === 'too_many_points' ? 413 : 400);
    const communes = await db.selectFrom('communes').select(['insee_code', 'name', 'former_codes']).where('territory_id', '=', planner.territory.id).orderBy('name').execute();
    const matched = matchContours(read.layers, communes);
    if (!matched.ok) return refuse(matched.error === 'projected' ? 'map.error.projected' : 'map.error.no_match', { features: matched.features, withCode: matched.withCode });
    await saveTerritoryContours(db, planner.actor, { fileName: path.basename(file.filename ?? '').slice(0, 200), collection: matched.collection, report: matched.report });
    return reply.redirect('/equipe/bilan/contours?charge=1', 303);
  });

  app.post('/equipe/bilan/contours/retirer', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    await removeTerritoryContours(db, planner.actor);
    return reply.redirect('/equipe/bilan/contours?retire=1', 303);
  });
};
