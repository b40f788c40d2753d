import type { FastifyPluginAsync } from 'fastify';
import { formatNumber, t, type MessageKey } from '../platform/i18n/index.js';
import { StackedBars } from '../platform/charts/StackedBars.js';
import { SECTORS } from '../registration/form.js';
import { programmeFigures, sectorMix } from './queries.js';
import { rate, rates } from './views.js';
import { surveyFigures } from './surveys/queries.js';
import { score } from './surveys/section.js';

/** Under this many people a group is not shown on its own (nobody identifiable on a public page). */
export const SMALL_GROUP = 5;

/**
 * A cycle's sector counts as published: any sector under SMALL_GROUP people is merged into
 * « Autres secteurs »; if that merged group is itself under the threshold but not empty, it is
 * shown as « moins de 5 » without a number.
 */
export function publicSectors(counts: Record<string, number>): Array<{ key: string; count: number | null }> {
  const shown: Array<{ key: string; count: number | null }> = [];
  let others = 0;
  for (const s of SECTORS) {
    const n = counts[s] ?? 0;
    if (n >= SMALL_GROUP && s !== 'autre') shown.push({ key: s, count: n });
    else others += n;
  }
  if (others > 0) shown.push({ key: 'others', count: others >= SMALL_GROUP ? others : null });
  return shown;
}

/** « Bilan » for everyone: aggregates only, small groups merged. */
export const publicResultsRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  app.get('/bilan', async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const [all, mix, cycles, surveys] = await Promise.all([
      programmeFigures(db, territory.id, null),
      sectorMix(db, territory.id),
      db.selectFrom('cycles').select(['id', 'name', 'number']).where('territory_id', '=', territory.id).orderBy('number').execute(),
      surveyFigures(db, territory.id),
    ]);
    // survey figures only from enough answers that no one's answer can be read from them
    const sat = surveys.all.satisfaction;
    const satisfaction = sat.answers >= SMALL_GROUP ? { usefulness: score(sat.usefulnessSum, sat.answers), recommend: rate(sat.recommend, sat.answers) } : null;
    const perCycle = cycles
      .map((c) => ({ c, sectors: publicSectors(Object.fromEntries(mix.filter((m) => m.cycle_id === c.id).map((m) => [m.sector, Number(m.leaders)]))) }))
      .filter((x) => x.sectors.length);
    const label = (key: string) => (key === 'others' ? t('results.public.others') : t(`registration.sector.${key}` as MessageKey));
    const keys = [...new Set(perCycle.flatMap((x) => x.sectors.map((s) => s.key)))].map((key) => ({ key, label: label(key) }));
    const r = rates(all);
    const leaders = all.leaders >= SMALL_GROUP ? formatNumber(all.leaders) : t('results.public.few');
    return reply.page(
      t('results.public.title'),
      <>
        <h1>{t('results.public.title')}</h1>
        <p>{t('results.public.intro', { programme: territory.programme_name ?? territory.name })}</p>
        <dl class="key-figures">
          <div>
            <dt>{t('results.leaders')}</dt>
            <dd>{leaders}</dd>
          </div>
          <div>
            <dt>{t('results.sessions_held')}</dt>
            <dd>{formatNumber(all.sessionsHeld)}</dd>
          </div>
          <div>
            <dt>{t('results.participant_hours')}</dt>
            <dd>{formatNumber(Math.round(all.participantHours))}</dd>
          </div>
          <div>
            <dt>{t('results.attendance_rate')}</dt>
            <dd>{r.attendance}</dd>
          </div>
          {satisfaction ? (
            <>
              <div>
                <dt>{t('results.surveys.usefulness')}</dt>
                <dd>{satisfaction.usefulness}</dd>
              </div>
              <div>
                <dt>{t('results.surveys.recommend')}</dt>
                <dd>{satisfaction.recommend}</dd>
              </div>
            </>
          ) : null}
        </dl>
        {perCycle.length ? (
          <section aria-labelledby="public-secteurs">
            <h2 id="public-secteurs">{t('results.sectors')}</h2>
            <StackedBars
              id="bilan-secteurs"
              title={t('results.sectors.chart')}
              description={t('results.public.chart_desc')}
              rows={perCycle.map((x) => ({ label: x.c.name, values: Object.fromEntries(x.sectors.map((s) => [s.key, s.count ?? 0])) }))}
              keys={keys}
            />
            <div class="table-scroll">
              <table class="data">
                <caption>{t('results.public.caption', { n: SMALL_GROUP })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('results.cycle')}</th>
                    {keys.map((k) => (
                      <th scope="col" key={k.key}>
                        {k.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {perCycle.map((x) => {
                    const total = x.sectors.reduce((sum, s) => sum + (s.count ?? 0), 0);
                    return (
                      <tr key={x.c.id}>
                        <th scope="row">{x.c.name}</th>
                        {keys.map((k) => {
                          const s = x.sectors.find((v) => v.key === k.key);
                          return <td key={k.key}>{!s ? '—' : s.count === null ? t('results.public.few') : `${formatNumber(s.count)} (${rate(s.count, total)})`}</td>;
                        })}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
      </>,
    );
  });
};
