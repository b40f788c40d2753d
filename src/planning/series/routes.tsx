import type { FastifyPluginAsync } from 'fastify';
import { t } from '../../platform/i18n/index.js';
import { formList, formValues } from '../../platform/forms.js';
import { parisParts } from '../../platform/time.js';
import { queryOf, requirePlanner } from '../ui.js';
import { idOf } from '../sessions/form.js';
import { planningOptions } from '../sessions/queries.js';
import { readSeriesForm } from './form.js';
import { evaluate, expandSeries, planSeries, shiftedCyclePlans } from './series.js';
import { DuplicatePage, SeriesPage } from './views.js';

/** Planning in bulk: a workshop across venues and weeks, or a past cycle's plan; a preview before anything is written. */
export const seriesRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  app.get('/equipe/seances/planifier', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const query = queryOf(request);
    const options = await planningOptions(db, planner.territory.id);
    const values = { workshop: query.atelier ?? '', cycle: String(options.cycles[0]?.id ?? ''), first_date: '', weeks: '4', every: '1', start: '14:00', end: '16:30', facilitator: 'auto' };
    return reply.page(t('planning.series.title'), <SeriesPage csrf={reply.generateCsrf()} values={values} venues={[]} errors={{}} options={options} />);
  });

  app.post('/equipe/seances/planifier', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const values = formValues(request.body);
    const venues = formList(request.body, 'venues');
    const options = await planningOptions(db, planner.territory.id);
    const show = (status: number, extra: Partial<Parameters<typeof SeriesPage>[0]> = {}) =>
      reply.page(t('planning.series.title'), <SeriesPage csrf={reply.generateCsrf()} values={values} venues={venues} errors={{}} options={options} {...extra} />, { status });
    const { input, mode, errors } = readSeriesForm(values, venues);
    if (!input) return show(400, { errors });
    const workstations = (id: number) => options.venues.find((v) => v.id === id)?.workstations ?? 1;
    const plans = expandSeries(input, workstations);
    if (values.etape === 'creer') {
      const result = await planSeries(db, planner.actor, plans, mode, 'series.planned');
      return reply.redirect(`/equipe/seances?cycle=${input.cycleId}&atelier=${input.workshopId}&serie=${result.created}-${result.skipped}`, 303);
    }
    return show(200, { candidates: await evaluate(db, planner.territory.id, plans, mode) });
  });

  app.get('/equipe/seances/reprendre', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const options = await planningOptions(db, planner.territory.id);
    // by default: the latest cycle that has already started, into the newest one
    const today = parisParts(new Date()).date;
    const source = options.cycles.find((c) => c.starts_on <= today && c.id !== options.cycles[0]?.id);
    const values = { source: String(source?.id ?? ''), target: String(options.cycles[0]?.id ?? '') };
    return reply.page(t('planning.duplicate.title'), <DuplicatePage csrf={reply.generateCsrf()} values={values} errors={{}} options={options} />);
  });

  app.post('/equipe/seances/reprendre', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const values = formValues(request.body);
    const options = await planningOptions(db, planner.territory.id);
    const sourceId = idOf(values.source);
    const targetId = idOf(values.target);
    const shifted = sourceId !== null && targetId !== null ? await shiftedCyclePlans(db, planner.territory.id, sourceId, targetId) : null;
    if (!shifted) {
      const errors: Record<string, string> =
        sourceId !== null && sourceId === targetId
          ? { target: t('planning.duplicate.error.same') }
          : sourceId === null
            ? { source: t('planning.error.cycle_unknown') }
            : { target: t('planning.error.cycle_unknown') };
      return reply.page(t('planning.duplicate.title'), <DuplicatePage csrf={reply.generateCsrf()} values={values} errors={errors} options={options} />, { status: 400 });
    }
    if (values.etape === 'creer') {
      const result = await planSeries(db, planner.actor, shifted.plans, { kind: 'keep' }, 'cycle.duplicated');
      return reply.redirect(`/equipe/seances?cycle=${targetId}&serie=${result.created}-${result.skipped}`, 303);
    }
    const candidates = await evaluate(db, planner.territory.id, shifted.plans, { kind: 'keep' });
    return reply.page(t('planning.duplicate.title'), <DuplicatePage csrf={reply.generateCsrf()} values={values} errors={{}} options={options} candidates={candidates} weeks={shifted.weeks} />);
  });
};
