import type { StaffPrincipal } from '../platform/auth/sessions.js';

/**
 * Who may plan the catalogue: coordinators and administrators of the territory (an administrator
 * with no territory is national). Small predicates, tested as a table in policy.test.ts.
 */
export function canPlan(staff: StaffPrincipal | null, territoryId: number): boolean {
  if (!staff) return false;
  if (staff.role !== 'coordinator' && staff.role !== 'administrator') return false;
  return staff.territoryId === null || staff.territoryId === territoryId;
}
