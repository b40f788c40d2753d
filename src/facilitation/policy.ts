import type { StaffPrincipal } from '../platform/auth/sessions.js';
import { canPlan } from '../planning/policy.js';

/**
 * Who may open a session's roster, tick its attendance, print its sign-in sheet, close it and write
 * its report: the territory's coordinators and administrators, and the facilitator who leads it —
 * never another facilitator, never a partner. Tested as a table in policy.test.ts.
 */
export function canFacilitate(staff: StaffPrincipal | null, territoryId: number, session: { facilitator_id: number | null }): boolean {
  if (!staff) return false;
  if (canPlan(staff, territoryId)) return true;
  return staff.role === 'facilitator' && staff.territoryId === territoryId && session.facilitator_id !== null && session.facilitator_id === staff.id;
}

/** Correcting attendance once a session is closed, and publishing questions: the coordination only. */
export const canCoordinate = canPlan;

/** Who has a « Mes séances » list: anyone who may lead sessions (facilitators, and coordinators who also lead) — never a partner or an elected official. */
export function hasOwnSessions(staff: StaffPrincipal | null): boolean {
  return !!staff && (staff.role === 'facilitator' || staff.role === 'coordinator' || staff.role === 'administrator');
}
