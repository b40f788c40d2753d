import { t, type MessageKey } from '../platform/i18n/index.js';
import { SECTORS } from '../registration/form.js';
import type { FilterOptions, ResultsFilter } from './filters.js';

/** The results' filters: a GET form, so a filtered view is a link that can be sent (dashboard, map). */
export function ResultsFilters({ options, filter, action = '/equipe/bilan' }: { options: FilterOptions; filter: ResultsFilter; action?: string }) {
  const select = (name: string, label: string, all: string, list: Array<{ value: string; label: string }>, value: string | null) => (
    <div class="field">
      <label for={`filtre-${name}`}>{label}</label>
      <select id={`filtre-${name}`} name={name}>
        <option value="">{all}</option>
        {list.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const id = (v: number | null) => (v === null ? null : String(v));
  return (
    <form method="get" action={action} class="filters" aria-label={t('results.filters')}>
      {select('session', t('results.cycle'), t('results.all_cycles'), options.cycles.map((c) => ({ value: String(c.id), label: c.name })), id(filter.cycleId))}
      {select('lieu', t('results.venue'), t('results.all_venues'), options.venues.map((v) => ({ value: String(v.id), label: v.name })), id(filter.venueId))}
      {select('atelier', t('results.workshop'), t('results.all_workshops'), options.workshops.map((w) => ({ value: String(w.id), label: w.title })), id(filter.workshopId))}
      {select('secteur', t('results.sector'), t('results.all_sectors'), SECTORS.map((s) => ({ value: s, label: t(`registration.sector.${s}` as MessageKey) })), filter.sector)}
      {select('epci', t('results.epci'), t('results.all_epcis'), options.epcis.map((e) => ({ value: e.code, label: e.name })), filter.epciCode)}
      <div class="field">
        <button type="submit" class="button button-secondary">
          {t('planning.filter')}
        </button>
      </div>
    </form>
  );
}

