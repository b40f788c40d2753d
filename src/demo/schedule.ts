import { addDays, parisTime, weekdayOf } from './calendar.js';
import type { Random } from './random.js';

export interface PlannedSession {
  workshop: number; // index into the workshops
  venue: number; // index into the venues
  facilitator: number; // index into the facilitators
  startsAt: Date;
  endsAt: Date;
  beginner: boolean;
}

const SLOTS = [9, 14, 18]; // morning, afternoon, evening (after the shop closes)

/** The cybercentres close between Christmas Eve and New Year's Day, and on 1 May, 8 May, 14 July, 15 August, 1 and 11 November. */
function isHolidayBreak(date: string): boolean {
  const md = date.slice(5);
  return md >= '12-24' || md === '01-01' || ['05-01', '05-08', '07-14', '08-15', '11-01', '11-11'].includes(md);
}

/**
 * Spreads `count` sessions over `spanDays` weekdays from `fromDate`, never booking a venue or a
 * facilitator twice in one slot (DESIGN.md invariant 4; slots are long enough for any workshop).
 */
export function planSessions(
  rng: Random,
  input: {
    fromDate: string;
    spanDays: number;
    count: number;
    venues: number;
    workshopMinutes: number[];
    beginnerLevel: boolean[];
    canLead: (facilitator: number, workshop: number) => boolean;
    facilitators: number;
    /** The facilitator who usually works at each venue, tried first. */
    homeFacilitator?: number[];
  },
): PlannedSession[] {
  const longest = Math.max(...input.workshopMinutes);
  if (longest > 240) throw new Error(`a ${longest}-minute workshop would overlap the next slot`); // 14 h → 18 h
  const order: number[] = [];
  while (order.length < input.count) order.push(...rng.shuffle(input.workshopMinutes.map((_, i) => i)));
  const busy = new Set<string>();
  const planned: PlannedSession[] = [];
  for (let i = 0; i < input.count; i++) {
    const workshop = order[i]!;
    const venue = (i + rng.int(0, 1)) % input.venues;
    let day = addDays(input.fromDate, Math.round((i * input.spanDays) / input.count));
    for (let attempt = 0; attempt < 60; attempt++, day = addDays(day, 1)) {
      const weekday = weekdayOf(day);
      if (weekday === 0 || weekday === 6 || isHolidayBreak(day)) continue;
      const slots = rng.shuffle(SLOTS);
      const slot = slots.find((s) => !busy.has(`v${venue}|${day}|${s}`));
      if (slot === undefined) continue;
      // the venue's usual facilitator first, then the others in random order
      const home = input.homeFacilitator?.[venue];
      const facilitator = rng
        .shuffle([...Array(input.facilitators).keys()])
        .sort((a, b) => Number(b === home) - Number(a === home))
        .find((f) => input.canLead(f, workshop) && !busy.has(`f${f}|${day}|${slot}`));
      if (facilitator === undefined) continue;
      busy.add(`v${venue}|${day}|${slot}`);
      busy.add(`f${facilitator}|${day}|${slot}`);
      const startsAt = parisTime(day, slot);
      planned.push({
        workshop,
        venue,
        facilitator,
        startsAt,
        endsAt: new Date(startsAt.getTime() + input.workshopMinutes[workshop]! * 60_000),
        beginner: input.beginnerLevel[workshop]! && slot !== 18 && rng.chance(0.5),
      });
      break;
    }
  }
  return planned.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
