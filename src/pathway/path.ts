import type { Executor } from '../platform/db/database.js';
import { openSessions } from '../catalogue/queries.js';
import { nearestSessions } from '../campaigns/messages/send.js';
import { attendedWorkshopsOf, partnerOffersFor, referralsOf } from './referrals/queries.js';

/** Why a workshop is suggested to a leader, most telling first. */
export type NextReason = 'diagnostic' | 'continuation' | 'same_theme' | 'first_steps';

export interface NextWorkshop {
  id: number;
  slug: string;
  title: string;
  level: string;
  theme: string;
  reason: NextReason;
  /** The attended workshop it follows, for « continuation » and « same_theme ». */
  after: string | null;
  /** Its next open session, the nearest to the leader's commune among the soonest, or null: then it can be asked for. */
  next: { id: number; starts_at: string; ends_at: string; venue_name: string; commune_name: string } | null;
}

const LEVELS = ['debutant', 'intermediaire', 'avance'];
const RANK: Record<NextReason, number> = { diagnostic: 0, continuation: 1, same_theme: 2, first_steps: 3 };

/**
 * The next workshops for a leader (« Mes inscriptions »), `limit` at most: those a diagnostic
 * recommended (`recommended`, workshop ids, in order), then the next level of a theme they came to,
 * then the same theme, then, for someone who came to nothing yet, the beginners' workshops.
 * Never one they attended or are registered for (confirmed or waiting). Each with its next open
 * session, the nearest to their commune among the coming ones.
 */
export async function nextWorkshopsFor(db: Executor, participantId: number, options: { recommended?: number[]; limit?: number; now?: Date } = {}): Promise<NextWorkshop[]> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 4;
  const person = await db.selectFrom('participants').select(['territory_id', 'commune_code']).where('id', '=', participantId).where('anonymised_at', 'is', null).executeTakeFirst();
  if (!person) return [];
  const territoryId = person.territory_id;
  const [workshops, history] = await Promise.all([
    db.selectFrom('workshops').select(['id', 'slug', 'title', 'level', 'theme']).where('territory_id', '=', territoryId).where('published', '=', 1).orderBy('title').execute(),
    db
      .selectFrom('registrations as r')
      .innerJoin('sessions as s', 's.id', 'r.session_id')
      .select(['s.workshop_id', 's.status as session_status', 's.starts_at', 'r.status', 'r.attendance'])
      .where('r.participant_id', '=', participantId)
      .execute(),
  ]);
  const attended = new Set(history.filter((h) => h.session_status === 'held' && h.attendance === 'present').map((h) => h.workshop_id));
  const booked = new Set(history.filter((h) => h.session_status === 'scheduled' && h.starts_at > now.toISOString() && (h.status === 'confirmed' || h.status === 'waitlisted')).map((h) => h.workshop_id));
  const taken = workshops.filter((w) => attended.has(w.id));
  const candidates = workshops.filter((w) => !attended.has(w.id) && !booked.has(w.id));

  const recommended = options.recommended ?? [];
  const picked = new Map<number, { reason: NextReason; after: string | null; order: number }>();
  recommended.forEach((id, i) => picked.set(id, { reason: 'diagnostic', after: null, order: i }));
  for (const w of candidates) {
    if (picked.has(w.id)) continue;
    const sameTheme = taken.filter((a) => a.theme === w.theme);
    const below = sameTheme.find((a) => LEVELS.indexOf(a.level) === LEVELS.indexOf(w.level) - 1);
    if (below) picked.set(w.id, { reason: 'continuation', after: below.title, order: 0 });
    else if (sameTheme.length) picked.set(w.id, { reason: 'same_theme', after: sameTheme[0]!.title, order: 0 });
    else if (!taken.length && w.level === 'debutant') picked.set(w.id, { reason: 'first_steps', after: null, order: 0 });
  }
  const chosen = candidates
    .filter((w) => picked.has(w.id))
    .sort((a, b) => {
      const pa = picked.get(a.id)!;
      const pb = picked.get(b.id)!;
      return RANK[pa.reason] - RANK[pb.reason] || pa.order - pb.order || a.title.localeCompare(b.title, 'fr');
    })
    .slice(0, limit);
  if (!chosen.length) return [];

  const sessions = await openSessions(db, { territoryId, from: now.toISOString(), limit: 300 });
  return chosen.map((w) => {
    const own = sessions.filter((s) => s.workshop_slug === w.slug);
    const [next] = nearestSessions(own, person.commune_code, new Map(), 1);
    const p = picked.get(w.id)!;
    return {
      ...w,
      reason: p.reason,
      after: p.after,
      next: next ? { id: next.id, starts_at: next.starts_at, ends_at: next.ends_at, venue_name: next.venue_name, commune_name: next.commune_name } : null,
    };
  });
}

/**
 * The chambers' trainings suited to a leader: the active offers on the themes of the workshops
 * they attended, and on `themes` (a diagnostic's « beyond the programme »); none before a first
 * workshop. With their referrals so far, for « Mes inscriptions ».
 */
export async function partnerPathFor(db: Executor, participantId: number, options: { themes?: string[]; limit?: number } = {}) {
  const person = await db.selectFrom('participants').select('territory_id').where('id', '=', participantId).where('anonymised_at', 'is', null).executeTakeFirst();
  if (!person) return { offers: [], referrals: [] };
  const attended = await attendedWorkshopsOf(db, participantId);
  const themes = [...new Set([...(options.themes ?? []), ...attended.map((a) => a.theme)])];
  const offers = themes.length ? (await partnerOffersFor(db, person.territory_id, themes)).slice(0, options.limit ?? 6) : [];
  return { offers, referrals: await referralsOf(db, participantId) };
}
