import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { dialectOf } from '../../platform/db/database.js';
import { formatSlot, t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';

export interface SessionPlan {
  workshopId: number;
  cycleId: number;
  venueId: number;
  facilitatorId: number | null;
  startsAt: Date;
  endsAt: Date;
  seats: number;
  /** Go / no-go: under this many confirmed people a few days before, the coordinator decides (0: no minimum). */
  minSeats?: number;
  beginner: boolean;
  /** The coordinator confirmed seats above the venue's workstations. */
  confirmOverCapacity: boolean;
}

/** Two intervals [a, b) and [c, d) overlap when each starts before the other ends. */
export function overlaps(aStart: string, aEnd: string, bStart: string, bEnd: string): boolean {
  return aStart < bEnd && bStart < aEnd;
}

/**
 * On PostgreSQL, locks the venue and facilitator rows so that two coordinators planning at once
 * cannot both pass the overlap check (SQLite transactions are already serialised).
 */
export async function lockResources(tx: Executor, venueId: number, facilitatorId: number | null): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return;
  await sql`select id from venues where id = ${venueId} for update`.execute(tx);
  if (facilitatorId !== null) await sql`select id from staff_users where id = ${facilitatorId} for update`.execute(tx);
}

/**
 * Checks a planned session against the catalogue and the calendar (DESIGN.md invariant 4);
 * returns French messages keyed by form field. `existingId` is the session being edited.
 */
export async function checkSessionPlan(
  db: Executor,
  territoryId: number,
  plan: SessionPlan,
  options: { existingId?: number; now?: Date; seatsTaken?: number } = {},
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const [workshop, cycle, venue, facilitator] = await Promise.all([
    db.selectFrom('workshops').select(['id']).where('id', '=', plan.workshopId).where('territory_id', '=', territoryId).executeTakeFirst(),
    db.selectFrom('cycles').select(['id']).where('id', '=', plan.cycleId).where('territory_id', '=', territoryId).executeTakeFirst(),
    db.selectFrom('venues').select(['id', 'workstations', 'name']).where('id', '=', plan.venueId).where('territory_id', '=', territoryId).executeTakeFirst(),
    plan.facilitatorId === null
      ? Promise.resolve(null)
      : db
          .selectFrom('staff_users')
          .select(['id', 'display_name'])
          .where('id', '=', plan.facilitatorId)
          .where('role', '=', 'facilitator')
          .where('active', '=', 1)
          .where('territory_id', '=', territoryId)
          .executeTakeFirst(),
  ]);
  if (!workshop) errors.workshop = t('planning.error.workshop_unknown');
  if (!cycle) errors.cycle = t('planning.error.cycle_unknown');
  if (!venue) errors.venue = t('planning.error.venue_unknown');
  if (plan.facilitatorId !== null && !facilitator) errors.facilitator = t('planning.error.facilitator_unknown');
  if (plan.startsAt.getTime() <= (options.now ?? new Date()).getTime()) errors.date = t('planning.error.in_past');
  if (plan.endsAt.getTime() <= plan.startsAt.getTime()) errors.end = t('planning.error.end_before_start');
  if (!Number.isInteger(plan.seats) || plan.seats < 1) errors.seats = t('planning.error.seats_min');
  else if (options.seatsTaken !== undefined && plan.seats < options.seatsTaken) errors.seats = t('planning.error.seats_below_taken', { taken: options.seatsTaken });
  else if (venue && plan.seats > venue.workstations && !plan.confirmOverCapacity) {
    errors.seats = t('planning.error.seats_over_capacity', { workstations: venue.workstations });
  }
  if (errors.end || errors.date || !venue) return errors;

  const clashes = await db
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .select(['s.id', 's.venue_id', 's.facilitator_id', 's.starts_at', 's.ends_at', 'w.title'])
    .where('s.status', '<>', 'cancelled')
    .where('s.starts_at', '<', plan.endsAt.toISOString())
    .where('s.ends_at', '>', plan.startsAt.toISOString())
    .where((eb) => eb.or([eb('s.venue_id', '=', plan.venueId), ...(plan.facilitatorId !== null ? [eb('s.facilitator_id', '=', plan.facilitatorId)] : [])]))
    .$if(options.existingId !== undefined, (q) => q.where('s.id', '<>', options.existingId!))
    .orderBy('s.starts_at')
    .execute();
  const venueClash = clashes.find((c) => c.venue_id === plan.venueId);
  if (venueClash) errors.venue = t('planning.error.venue_busy', { venue: venue.name, slot: formatSlot(venueClash.starts_at, venueClash.ends_at), title: venueClash.title });
  const facilitatorClash = clashes.find((c) => plan.facilitatorId !== null && c.facilitator_id === plan.facilitatorId);
  if (facilitatorClash && facilitator) {
    errors.facilitator = t('planning.error.facilitator_busy', { name: facilitator.display_name, slot: formatSlot(facilitatorClash.starts_at, facilitatorClash.ends_at), title: facilitatorClash.title });
  }
  return errors;
}
