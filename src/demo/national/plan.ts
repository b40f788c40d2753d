/**
 * The shape of the national synthetic programme (issue 12): how many territories, venues, people
 * and registrations, and how they are shared out. Pure arithmetic, so that a test can check the
 * plan at any scale before a row is written.
 *
 * At scale 1: 200 territories, 800 venues, 500,000 participants, 3,000,000 registrations, eight
 * half-year cycles. The first territory (the most populous EPCI of France) is a metropolis that
 * holds a third of the participants and registrations (so that one coordinator's export reaches a
 * million lines); the 199 others share the rest, about fifty sessions a cycle each.
 */
export const FULL = { territories: 200, venues: 800, participants: 500_000, registrations: 3_000_000 };
export const CYCLES = 8;
/** A third of the people and registrations in the first territory. */
export const BIG_SHARE = 1 / 3;
/** A quarter of the venues in the first territory. */
export const BIG_VENUE_SHARE = 1 / 4;
/** Registrations per session on average (cancelled and waitlisted included). */
export const REGISTRATIONS_PER_SESSION = 25;
/** Each session gets between 0.25 and 1.75 times its share: a session holds at most about 2 × 25 registrations. */
export const MAX_REGISTRATIONS_PER_SESSION = 2 * REGISTRATIONS_PER_SESSION;
/** Three sessions a day per venue at most (9:00, 14:00, 18:00; three hours at most each), Monday to Saturday. */
export const SLOTS_PER_DAY = 3;

export interface TerritoryPlan {
  /** 0 for the big one. */
  ord: number;
  venues: number;
  participants: number;
  registrations: number;
  sessionsPerCycle: number;
}

export interface NationalPlan {
  scale: number;
  territories: TerritoryPlan[];
  totals: { territories: number; venues: number; participants: number; registrations: number; sessions: number };
}

export class PlanError extends Error {}

/** `total` shared out: `first` to the first one, the rest as evenly as possible (each at least `min`). */
function share(total: number, count: number, first: number, min: number): number[] {
  const rest = Math.max(total - first, (count - 1) * min);
  const base = Math.floor(rest / (count - 1));
  const extra = rest - base * (count - 1);
  return [first, ...Array.from({ length: count - 1 }, (_, i) => base + (i < extra ? 1 : 0))];
}

export function planNational(scale: number): NationalPlan {
  if (!(scale > 0 && scale <= 4)) throw new PlanError(`scale must be in (0, 4], got ${scale}`);
  const count = Math.max(2, Math.round(FULL.territories * Math.min(scale, 1)));
  const venuesTotal = Math.max(count, Math.round(FULL.venues * scale));
  const participantsTotal = Math.round(FULL.participants * scale);
  const registrationsTotal = Math.round(FULL.registrations * scale);
  const venues = share(venuesTotal, count, Math.max(1, Math.round(venuesTotal * BIG_VENUE_SHARE)), 1);
  const participants = share(participantsTotal, count, Math.round(participantsTotal * BIG_SHARE), 0);
  const registrations = share(registrationsTotal, count, Math.round(registrationsTotal * BIG_SHARE), 0);
  const territories = venues.map((v, ord) => ({
    ord,
    venues: v,
    participants: participants[ord]!,
    registrations: registrations[ord]!,
    sessionsPerCycle: Math.max(1, Math.round(registrations[ord]! / (REGISTRATIONS_PER_SESSION * CYCLES))),
  }));
  for (const t of territories) {
    // one live registration per person and session: a session's people must be distinct
    if (t.participants < MAX_REGISTRATIONS_PER_SESSION) {
      throw new PlanError(`scale ${scale} is too small: territory ${t.ord} would have ${t.participants} participants, fewer than the ${MAX_REGISTRATIONS_PER_SESSION} a session may hold`);
    }
  }
  return {
    scale,
    territories,
    totals: {
      territories: count,
      venues: venues.reduce((a, b) => a + b, 0),
      participants: participants.reduce((a, b) => a + b, 0),
      registrations: registrations.reduce((a, b) => a + b, 0),
      sessions: territories.reduce((a, t) => a + t.sessionsPerCycle * CYCLES, 0),
    },
  };
}

export interface CyclePlan {
  /** 1 for the oldest. */
  number: number;
  startsOn: string;
  endsOn: string;
  /** The first Monday on or after startsOn: sessions are laid out from it, Monday to Saturday. */
  firstDay: string;
  /** Monday-to-Saturday days from firstDay to endsOn. */
  workdays: number;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Eight half-year cycles, the last one the half-year of `now`: spring–summer from mid-January to
 * late June, autumn–winter from early September to mid-December.
 */
export function planCycles(now: Date): CyclePlan[] {
  const year = now.getUTCFullYear();
  const half = now.getUTCMonth() < 7 ? 0 : 1;
  const out: CyclePlan[] = [];
  for (let i = CYCLES - 1; i >= 0; i--) {
    const index = year * 2 + half - i;
    const y = Math.floor(index / 2);
    const h = index % 2;
    const startsOn = h === 0 ? `${y}-01-12` : `${y}-09-07`;
    const endsOn = h === 0 ? `${y}-06-27` : `${y}-12-19`;
    const start = new Date(`${startsOn}T00:00:00Z`);
    const monday = new Date(start.getTime() + ((8 - start.getUTCDay()) % 7) * 86_400_000);
    let workdays = 0;
    for (let d = monday.getTime(); d <= Date.parse(`${endsOn}T00:00:00Z`); d += 86_400_000) if (new Date(d).getUTCDay() !== 0) workdays++;
    out.push({ number: CYCLES - i, startsOn, endsOn, firstDay: iso(monday), workdays });
  }
  return out;
}

/** Sessions per venue and cycle never exceed the slots of a venue's calendar (no two at once in a room). */
export function checkCalendar(plan: NationalPlan, cycles: CyclePlan[]): void {
  const slots = Math.min(...cycles.map((c) => c.workdays)) * SLOTS_PER_DAY;
  for (const t of plan.territories) {
    const perVenue = Math.ceil(t.sessionsPerCycle / t.venues);
    if (perVenue > slots) throw new PlanError(`territory ${t.ord}: ${perVenue} sessions per venue and cycle, more than the ${slots} slots of a venue`);
  }
}
