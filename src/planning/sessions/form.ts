import { t } from '../../platform/i18n/index.js';
import { idOf, type FormValues } from '../../platform/forms.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { parisDateTimeFields, parisInstantFromFields } from '../../platform/time.js';
import type { SessionPlan } from './rules.js';

export const SESSION_FIELDS = ['workshop', 'cycle', 'venue', 'facilitator', 'date', 'start', 'end', 'seats', 'min_seats', 'beginner', 'confirm_capacity'] as const;

export function sessionLabels(): Record<string, string> {
  return {
    workshop: t('planning.field.workshop'),
    cycle: t('planning.field.cycle'),
    venue: t('planning.field.venue'),
    facilitator: t('planning.field.facilitator'),
    date: t('planning.field.date'),
    start: t('planning.field.start'),
    end: t('planning.field.end'),
    seats: t('planning.field.seats'),
    min_seats: t('planning.field.min_seats'),
    beginner: t('planning.field.beginner'),
    confirm_capacity: t('planning.field.confirm_capacity'),
    reason: t('planning.cancel.reason'),
    _form: t('planning.sessions.title'),
  };
}

/** Re-exported for the planning routes, which read ids from selects and URLs. */
export { idOf };

/**
 * Reads the session form into a plan; what cannot even be read (a malformed date) is reported
 * here, the business rules are checked by checkSessionPlan in the command's transaction.
 */
export function readSessionForm(values: FormValues, options: { venueWorkstations?: (venueId: number) => number | undefined } = {}): { plan: SessionPlan | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const workshopId = idOf(values.workshop);
  const cycleId = idOf(values.cycle);
  const venueId = idOf(values.venue);
  const facilitatorId = values.facilitator ? idOf(values.facilitator) : null;
  if (workshopId === null) errors.workshop = t('planning.error.workshop_unknown');
  if (cycleId === null) errors.cycle = t('planning.error.cycle_unknown');
  if (venueId === null) errors.venue = t('planning.error.venue_unknown');
  if (values.facilitator && facilitatorId === null) errors.facilitator = t('planning.error.facilitator_unknown');
  const date = (values.date ?? '').trim();
  const startsAt = /^\d{4}-\d{2}-\d{2}$/.test(date) ? parisInstantFromFields(date, (values.start ?? '').trim()) : null;
  const endsAt = /^\d{4}-\d{2}-\d{2}$/.test(date) ? parisInstantFromFields(date, (values.end ?? '').trim()) : null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !parisInstantFromFields(date, '12:00')) errors.date = t('planning.error.date_invalid');
  else {
    if (!startsAt) errors.start = t('planning.error.time_invalid');
    if (!endsAt) errors.end = t('planning.error.time_invalid');
  }
  const seatsText = (values.seats ?? '').trim();
  // empty seats: the venue's workstations (an unknown venue is refused by the rules, so any default does)
  let seats = seatsText === '' ? (venueId !== null ? (options.venueWorkstations?.(venueId) ?? 1) : 1) : Number(seatsText);
  if (seats === undefined || !Number.isInteger(seats)) {
    errors.seats = t('planning.error.whole_number');
    seats = 0;
  }
  // the minimum of participants (go / no-go): empty or 0 means none; never above the seats
  const minText = (values.min_seats ?? '').trim();
  const minSeats = minText === '' ? 0 : Number(minText);
  if (!Number.isInteger(minSeats)) errors.min_seats = t('planning.error.whole_number');
  else if (minSeats < 0) errors.min_seats = t('planning.error.min_seats_negative');
  else if (!errors.seats && minSeats > seats) errors.min_seats = t('planning.error.min_above_seats', { seats });
  if (Object.keys(errors).length || !startsAt || !endsAt) return { plan: null, errors };
  return {
    plan: {
      workshopId: workshopId!,
      cycleId: cycleId!,
      venueId: venueId!,
      facilitatorId,
      startsAt,
      endsAt,
      seats,
      minSeats,
      beginner: values.beginner === '1',
      confirmOverCapacity: values.confirm_capacity === '1',
    },
    errors,
  };
}

/** The form values of an existing session, in Paris time. */
export function sessionFormValues(s: { workshop_id: number; cycle_id: number; venue_id: number; facilitator_id: number | null; starts_at: string; ends_at: string; seats: number; min_seats?: number; beginner: number }): FormValues {
  const start = parisDateTimeFields(s.starts_at);
  return {
    workshop: String(s.workshop_id),
    cycle: String(s.cycle_id),
    venue: String(s.venue_id),
    facilitator: s.facilitator_id === null ? '' : String(s.facilitator_id),
    date: start.date,
    start: start.time,
    end: parisDateTimeFields(s.ends_at).time,
    seats: String(s.seats),
    min_seats: s.min_seats ? String(s.min_seats) : '',
    beginner: s.beginner ? '1' : '',
  };
}
