import type { Db, Executor } from '../../platform/db/database.js';
import { now } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { bumpContentVersion } from '../../platform/programme.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { addDays, parisDateTimeFields, parisInstantFromFields } from '../../platform/time.js';
import { checkSessionPlan, lockResources, overlaps, type SessionPlan } from '../sessions/rules.js';

/**
 * How a series chooses facilitators: none yet, one named, any qualified one who is free, or
 * (when a cycle is taken up again) the same as before when free, else any qualified one.
 */
export type FacilitatorMode = { kind: 'none' } | { kind: 'one'; id: number } | { kind: 'auto' } | { kind: 'keep' };

export interface Candidate {
  plan: SessionPlan;
  /** Set when the candidate cannot be planned: the first reason, in French. */
  conflict: string | null;
}

export interface SeriesInput {
  workshopId: number;
  cycleId: number;
  venueIds: number[];
  firstDate: string; // YYYY-MM-DD, Paris
  weeks: number;
  everyWeeks: number;
  start: string; // HH:MM
  end: string;
  seats: number | null; // null: each venue's workstations
  beginner: boolean;
}

/** The dates of a series: one per venue and per week, at the same Paris wall-clock time. */
export function expandSeries(input: SeriesInput, workstations: (venueId: number) => number): SessionPlan[] {
  const plans: SessionPlan[] = [];
  for (let w = 0; w < input.weeks; w++) {
    const date = addDays(input.firstDate, w * 7 * input.everyWeeks);
    const startsAt = parisInstantFromFields(date, input.start);
    const endsAt = parisInstantFromFields(date, input.end);
    if (!startsAt || !endsAt) continue;
    for (const venueId of input.venueIds) {
      plans.push({
        workshopId: input.workshopId,
        cycleId: input.cycleId,
        venueId,
        facilitatorId: null,
        startsAt,
        endsAt,
        seats: input.seats ?? workstations(venueId),
        beginner: input.beginner,
        confirmOverCapacity: false,
      });
    }
  }
  return plans;
}

/** A past cycle's sessions moved by whole weeks into another cycle, keeping weekday and Paris time. */
export async function shiftedCyclePlans(db: Executor, territoryId: number, sourceCycleId: number, targetCycleId: number): Promise<{ plans: SessionPlan[]; weeks: number } | null> {
  const cycles = await db.selectFrom('cycles').select(['id', 'starts_on']).where('territory_id', '=', territoryId).where('id', 'in', [sourceCycleId, targetCycleId]).execute();
  const source = cycles.find((c) => c.id === sourceCycleId);
  const target = cycles.find((c) => c.id === targetCycleId);
  if (!source || !target || source.id === target.id) return null;
  const days = (Date.parse(target.starts_on) - Date.parse(source.starts_on)) / 86400_000;
  const weeks = Math.round(days / 7);
  const sessions = await db
    .selectFrom('sessions')
    .select(['workshop_id', 'venue_id', 'facilitator_id', 'starts_at', 'ends_at', 'seats', 'beginner'])
    .where('cycle_id', '=', source.id)
    .where('status', '<>', 'cancelled')
    .orderBy('starts_at')
    .execute();
  const plans = sessions.flatMap((s): SessionPlan[] => {
    const start = parisDateTimeFields(s.starts_at);
    const end = parisDateTimeFields(s.ends_at);
    const date = addDays(start.date, weeks * 7);
    const startsAt = parisInstantFromFields(date, start.time);
    const endsAt = parisInstantFromFields(date, end.time);
    if (!startsAt || !endsAt) return [];
    return [{ workshopId: s.workshop_id, cycleId: target.id, venueId: s.venue_id, facilitatorId: s.facilitator_id, startsAt, endsAt, seats: s.seats, beginner: s.beginner === 1, confirmOverCapacity: true }];
  });
  return { plans, weeks };
}

function firstError(errors: FieldErrors): string | null {
  return Object.values(errors)[0] ?? null;
}

/**
 * Checks every candidate against the calendar and against the candidates accepted before it,
 * choosing facilitators as asked. The same function gives the preview and, inside the writing
 * transaction, the final decision.
 */
export async function evaluate(db: Executor, territoryId: number, plans: SessionPlan[], mode: FacilitatorMode, at = new Date()): Promise<Candidate[]> {
  const qualified =
    (mode.kind === 'auto' || mode.kind === 'keep') && plans.length
      ? await qualifiedFacilitators(db, territoryId, [...new Set(plans.map((p) => p.workshopId))])
      : new Map<number, number[]>();
  const accepted: SessionPlan[] = [];
  const clashInBatch = (p: SessionPlan, facilitatorId: number | null) =>
    accepted.find(
      (a) => overlaps(a.startsAt.toISOString(), a.endsAt.toISOString(), p.startsAt.toISOString(), p.endsAt.toISOString()) && (a.venueId === p.venueId || (facilitatorId !== null && a.facilitatorId === facilitatorId)),
    );
  const out: Candidate[] = [];
  for (const original of plans) {
    const plan = { ...original, facilitatorId: mode.kind === 'one' ? mode.id : mode.kind === 'none' ? null : original.facilitatorId };
    let errors: FieldErrors;
    if (mode.kind === 'auto' || mode.kind === 'keep') {
      // try the facilitators in turn; none free leaves the session « à désigner »
      const tryFirst = mode.kind === 'keep' && original.facilitatorId !== null ? [original.facilitatorId] : [];
      plan.facilitatorId = null;
      errors = await checkSessionPlan(db, territoryId, plan, { now: at });
      if (!Object.keys(errors).length) {
        for (const f of [...tryFirst, ...(qualified.get(plan.workshopId) ?? [])]) {
          const withF = { ...plan, facilitatorId: f };
          if (clashInBatch(withF, f)) continue;
          if (!Object.keys(await checkSessionPlan(db, territoryId, withF, { now: at })).length) {
            plan.facilitatorId = f;
            break;
          }
        }
      }
    } else {
      errors = await checkSessionPlan(db, territoryId, plan, { now: at });
    }
    const batchClash = !Object.keys(errors).length ? clashInBatch(plan, plan.facilitatorId) : undefined;
    const conflict = firstError(errors) ?? (batchClash ? t('planning.series.clash_in_batch') : null);
    if (!conflict) accepted.push(plan);
    out.push({ plan, conflict });
  }
  return out;
}

async function qualifiedFacilitators(db: Executor, territoryId: number, workshopIds: number[]): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom('facilitator_workshops as fw')
    .innerJoin('staff_users as u', 'u.id', 'fw.staff_user_id')
    .select(['fw.workshop_id', 'u.id'])
    .where('fw.workshop_id', 'in', workshopIds)
    .where('u.territory_id', '=', territoryId)
    .where('u.role', '=', 'facilitator')
    .where('u.active', '=', 1)
    .orderBy('u.display_name')
    .execute();
  const map = new Map<number, number[]>();
  for (const r of rows) map.set(r.workshop_id, [...(map.get(r.workshop_id) ?? []), r.id]);
  return map;
}

/** Writes the candidates that pass, in one transaction, after checking them again there. */
export async function planSeries(
  db: Db,
  actor: { staffId: number; territoryId: number },
  plans: SessionPlan[],
  mode: FacilitatorMode,
  action: 'series.planned' | 'cycle.duplicated',
): Promise<{ created: number; skipped: number }> {
  return db.transaction().execute(async (tx) => {
    for (const venueId of [...new Set(plans.map((p) => p.venueId))].sort((a, b) => a - b)) await lockResources(tx, venueId, null);
    const candidates = await evaluate(tx, actor.territoryId, plans, mode);
    const ok = candidates.filter((c) => !c.conflict);
    const stamp = now();
    for (let i = 0; i < ok.length; i += 100) {
      await tx
        .insertInto('sessions')
        .values(
          ok.slice(i, i + 100).map(({ plan }) => ({
            territory_id: actor.territoryId,
            workshop_id: plan.workshopId,
            cycle_id: plan.cycleId,
            venue_id: plan.venueId,
            facilitator_id: plan.facilitatorId,
            starts_at: plan.startsAt.toISOString(),
            ends_at: plan.endsAt.toISOString(),
            seats: plan.seats,
            beginner: plan.beginner ? (1 as const) : (0 as const),
            updated_at: stamp,
          })),
        )
        .execute();
    }
    if (ok.length) {
      await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action, subject: `cycle:${plans[0]!.cycleId}`, details: { created: ok.length, skipped: candidates.length - ok.length } });
      await bumpContentVersion(tx, actor.territoryId);
    }
    return { created: ok.length, skipped: candidates.length - ok.length };
  });
}
