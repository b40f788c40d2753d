import { formatNumber, t, type MessageKey } from '../platform/i18n/index.js';
import { ReferralFiguresSection, type ReferralFigureRows } from '../pathway/referrals/figures.js';
import { DataTable } from '../platform/layout/DataTable.js';
import { SECTORS } from '../registration/form.js';
import type { Figures } from './queries.js';
import type { CycleIndicators } from '../on-demand/indicators/queries.js';
import { filterQuery, selectsPeople, type FilterOptions, type ResultsFilter } from './filters.js';
import { SurveySection } from './surveys/section.js';
import { ResultsFilters } from './filters-form.js';
import { TerritoryMapSection } from './map/views.js';
import type { TerritoryMapData } from './map/queries.js';
import type { FollowUpFigures, SurveyFigures } from './surveys/queries.js';
import { StackedBars } from '../platform/charts/StackedBars.js';
import { KeyFigureList } from './key-figures.js';

/** The chart's description in words: the first cycle's largest sector, and what became of its share. */
export function sectorShift(cycles: Array<{ id: number; name: string }>, count: (cycle: number, sector: string) => number, total: (cycle: number) => number): string {
  const first = cycles[0]!;
  const last = cycles[cycles.length - 1]!;
  const top = [...SECTORS].sort((a, b) => count(first.id, b) - count(first.id, a))[0]!;
  const label = t(`registration.sector.${top}` as MessageKey).toLowerCase();
  const share = (c: { id: number }) => rate(count(c.id, top), total(c.id));
  return cycles.length > 1
    ? t('results.sectors.shift', { sector: label, first: first.name, from: share(first), last: last.name, to: share(last) })
    : t('results.sectors.single', { sector: label, cycle: first.name, share: share(first) });
}

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
export const rate = (part: number, whole: number) => (whole > 0 ? percent.format(part / whole) : '—');
const hours = (h: number) => formatNumber(Math.round(h * 10) / 10);

/** The rates derived from the counts, as shown. */
export function rates(f: Figures) {
  const marked = f.present + f.absent + f.excused;
  return { attendance: rate(f.present, marked), noShow: rate(f.absent, marked), fill: rate(f.seatsTaken, f.seats) };
}

function KeyFigures({ f, people }: { f: Figures; people: boolean }) {
  const r = rates(f);
  if (people) r.fill = t('results.not_applicable');
  const items: Array<[MessageKey, string]> = [
    ['results.leaders', formatNumber(f.leaders)],
    ['results.companies', formatNumber(f.companies)],
    ['results.registrations', formatNumber(f.registrations)],
    ['results.sessions_held', formatNumber(f.sessionsHeld)],
    ['results.attendance_rate', r.attendance],
    ['results.no_show_rate', r.noShow],
    ['results.fill_rate', r.fill],
    ['results.participant_hours', hours(f.participantHours)],
  ];
  return (
    <KeyFigureList items={items} />
  );
}

export interface DashboardProps {
  options: FilterOptions;
  filter: ResultsFilter;
  current: Figures;
  perCycle: Array<Figures & { name: string }>;
  mix: Array<{ cycle_id: number; name: string; sector: string; leaders: number }>;
  venues: Array<{ id: number; name: string; sessions: number; registered: number }>;
  surveys: { byCycle: Map<number, { satisfaction: SurveyFigures; followUp: FollowUpFigures }>; all: { satisfaction: SurveyFigures; followUp: FollowUpFigures } };
  demand: CycleIndicators[];
  map: TerritoryMapData;
  readOnly: boolean;
  /** Referrals to the partners and their outcomes, by chamber and cycle (issue 9). */
  referrals: ReferralFigureRows;
}

/** The on-demand figures (issue 6) of the chosen cycle, or of all cycles added up. */
function DemandSection({ demand, cycleId }: { demand: CycleIndicators[]; cycleId: number | null }) {
  const rows = cycleId === null ? demand : demand.filter((d) => d.cycleId === cycleId);
  const sum = (k: 'received' | 'scheduled' | 'withdrawn' | 'onDemandSessions' | 'waitlisted') => rows.reduce((s, r) => s + r[k], 0);
  const items: Array<[MessageKey, number]> = [
    ['results.demand.received', sum('received')],
    ['results.demand.scheduled', sum('scheduled')],
    ['results.demand.sessions', sum('onDemandSessions')],
    ['results.demand.waitlisted', sum('waitlisted')],
  ];
  return (
    <section aria-labelledby="demande">
      <h2 id="demande">{t('results.demand')}</h2>
      <p>{t('results.demand.intro')}</p>
      <KeyFigureList items={items.map(([k, v]): [MessageKey, string] => [k, formatNumber(v)])} />
    </section>
  );
}

export function DashboardPage(p: DashboardProps) {
  const chosen = p.options.cycles.find((c) => c.id === p.filter.cycleId);
  const mixCycles = p.options.cycles.filter((c) => p.mix.some((m) => m.cycle_id === c.id)).reverse();
  const count = (cycle: number, sector: string) => Number(p.mix.find((m) => m.cycle_id === cycle && m.sector === sector)?.leaders ?? 0);
  const total = (cycle: number) => p.mix.filter((m) => m.cycle_id === cycle).reduce((s, m) => s + Number(m.leaders), 0);
  const people = selectsPeople(p.filter);
  const query = filterQuery(p.filter);
  const surveys = p.filter.cycleId !== null ? p.surveys.byCycle.get(p.filter.cycleId) : p.surveys.all;
  return (
    <>
      <h1>{t('results.title')}</h1>
      <p>{t('results.intro')}</p>
      {p.readOnly ? <p class="notice">{t('results.read_only')}</p> : null}
      <nav aria-label={t('results.more')}>
        <ul class="inline-list">
          <li>
            <a href={`/equipe/bilan/carte${query}`}>{t('results.link.map')}</a>
          </li>
          <li>
            <a href={`/equipe/bilan/rapport${query}`}>{t('results.link.report')}</a>
          </li>
          <li>
            <a href="/bilan">{t('results.link.public')}</a>
          </li>
          {p.readOnly ? null : (
            <li>
              <a href={`/equipe/bilan/inscriptions.csv${p.filter.cycleId === null ? '' : `?session=${p.filter.cycleId}`}`} download>
                {t('results.export.link')}
              </a>
            </li>
          )}
        </ul>
      </nav>
      <ResultsFilters options={p.options} filter={p.filter} />
      <section aria-labelledby="chiffres">
        <h2 id="chiffres">{chosen ? t('results.figures_of', { cycle: chosen.name }) : t('results.figures_all')}</h2>
        {people ? <p>{t('results.people_filter')}</p> : null}
        <KeyFigures f={p.current} people={people} />
      </section>
      <section aria-labelledby="par-session">
        <h2 id="par-session">{t('results.per_cycle')}</h2>
        <DataTable
          caption={t('results.per_cycle.caption')}
          rows={p.perCycle.map((f) => ({ ...f, id: f.cycleId ?? 0 }))}
          columns={[
            { header: t('results.cycle'), cell: (f) => f.name },
            { header: t('results.leaders'), cell: (f) => formatNumber(f.leaders) },
            { header: t('results.companies'), cell: (f) => formatNumber(f.companies) },
            { header: t('results.registrations'), cell: (f) => formatNumber(f.registrations) },
            { header: t('results.sessions_held'), cell: (f) => formatNumber(f.sessionsHeld) },
            { header: t('results.attendance_rate'), cell: (f) => rates(f).attendance },
            { header: t('results.no_show_rate'), cell: (f) => rates(f).noShow },
            { header: t('results.fill_rate'), cell: (f) => (people ? t('results.not_applicable') : rates(f).fill) },
            { header: t('results.participant_hours'), cell: (f) => hours(f.participantHours) },
          ]}
        />
      </section>
      <section aria-labelledby="secteurs">
        <h2 id="secteurs">{t('results.sectors')}</h2>
        <p>{t('results.sectors.intro')}</p>
        {mixCycles.length ? (
          <StackedBars
            id="graphique-secteurs"
            title={t('results.sectors.chart')}
            description={sectorShift(mixCycles, count, total)}
            rows={mixCycles.map((c) => ({ label: c.name, values: Object.fromEntries(SECTORS.map((s) => [s, count(c.id, s)])) }))}
            keys={SECTORS.map((s) => ({ key: s, label: t(`registration.sector.${s}` as MessageKey) }))}
          />
        ) : null}
        <div class="table-scroll">
          <table class="data">
            <caption>{t('results.sectors.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('results.cycle')}</th>
                {SECTORS.map((s) => (
                  <th scope="col" key={s}>
                    {t(`registration.sector.${s}` as MessageKey)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {mixCycles.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  {SECTORS.map((s) => (
                    <td key={s}>{count(c.id, s) ? `${formatNumber(count(c.id, s))} (${rate(count(c.id, s), total(c.id))})` : '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="lieux">
        <h2 id="lieux">{t('results.venues')}</h2>
        <DataTable
          caption={chosen ? t('results.venues.caption_of', { cycle: chosen.name }) : t('results.venues.caption')}
          rows={p.venues}
          columns={[
            { header: t('results.venue'), cell: (v) => v.name },
            { header: t('results.sessions_held'), cell: (v) => formatNumber(Number(v.sessions)) },
            { header: t('results.registrations'), cell: (v) => formatNumber(Number(v.registered)) },
          ]}
        />
      </section>
      <TerritoryMapSection data={p.map} cycleName={chosen?.name} canUpload={!p.readOnly} />
      <SurveySection figures={surveys} people={people} />
      <DemandSection demand={p.demand} cycleId={p.filter.cycleId} />
      <ReferralFiguresSection rows={p.referrals} />
    </>
  );
}
