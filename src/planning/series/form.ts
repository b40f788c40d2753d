import { t } from '../../platform/i18n/index.js';
import type { FormValues } from '../../platform/forms.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { parisInstantFromFields } from '../../platform/time.js';
import { idOf } from '../sessions/form.js';
import type { FacilitatorMode, SeriesInput } from './series.js';

export function seriesLabels(): Record<string, string> {
  return {
    workshop: t('planning.field.workshop'),
    cycle: t('planning.field.cycle'),
    venues: t('planning.series.venues'),
    first_date: t('planning.series.first_date'),
    weeks: t('planning.series.weeks'),
    every: t('planning.series.every'),
    start: t('planning.field.start'),
    end: t('planning.field.end'),
    facilitator: t('planning.field.facilitator'),
    seats: t('planning.field.seats'),
    source: t('planning.duplicate.source'),
    target: t('planning.duplicate.target'),
  };
}

const int = (v: string | undefined) => (v !== undefined && /^\d{1,4}$/.test(v.trim()) ? Number(v.trim()) : NaN);

/** Reads the series form; returns what could not be read as French messages by field. */
export function readSeriesForm(values: FormValues, venues: string[]): { input: SeriesInput | null; mode: FacilitatorMode; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const workshopId = idOf(values.workshop);
  const cycleId = idOf(values.cycle);
  const venueIds = [...new Set(venues.map(idOf).filter((v): v is number => v !== null))];
  if (workshopId === null) errors.workshop = t('planning.error.workshop_unknown');
  if (cycleId === null) errors.cycle = t('planning.error.cycle_unknown');
  if (!venueIds.length) errors.venues = t('planning.series.error.venues');
  const firstDate = (values.first_date ?? '').trim();
  if (!parisInstantFromFields(firstDate, '12:00')) errors.first_date = t('planning.error.date_invalid');
  const weeks = int(values.weeks);
  if (!(weeks >= 1 && weeks <= 26)) errors.weeks = t('planning.series.error.weeks');
  const every = values.every ? int(values.every) : 1;
  if (!(every >= 1 && every <= 4)) errors.every = t('planning.series.error.every');
  const start = (values.start ?? '').trim();
  const end = (values.end ?? '').trim();
  if (!parisInstantFromFields('2000-01-03', start)) errors.start = t('planning.error.time_invalid');
  if (!parisInstantFromFields('2000-01-03', end)) errors.end = t('planning.error.time_invalid');
  else if (!errors.start && end.padStart(5, '0') <= start.padStart(5, '0')) errors.end = t('planning.error.end_before_start');
  const seatsText = (values.seats ?? '').trim();
  const seats = seatsText === '' ? null : int(seatsText);
  if (seats !== null && !(seats >= 1)) errors.seats = t('planning.error.seats_min');
  const f = values.facilitator ?? 'auto';
  const facilitatorId = idOf(f);
  const mode: FacilitatorMode = f === 'auto' ? { kind: 'auto' } : f === '' ? { kind: 'none' } : facilitatorId !== null ? { kind: 'one', id: facilitatorId } : { kind: 'auto' };
  if (Object.keys(errors).length) return { input: null, mode, errors };
  return {
    input: { workshopId: workshopId!, cycleId: cycleId!, venueIds, firstDate, weeks, everyWeeks: every, start, end, seats, beginner: values.beginner === '1' },
    mode,
    errors,
  };
}
