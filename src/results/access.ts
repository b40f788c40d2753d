import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffPrincipal } from '../platform/auth/sessions.js';
import type { CurrentTerritory } from '../platform/programme.js';
import { canPlan } from '../planning/policy.js';

/**
 * Who may read the results (dashboard, map, funder's report): the territory's coordinators and
 * administrators, and its elected officials and funders (role `elected`, read-only: they change
 * nothing anywhere, and every other back-office page answers them 404).
 */
export function canReadResults(staff: StaffPrincipal | null, territoryId: number): boolean {
  if (!staff) return false;
  if (canPlan(staff, territoryId)) return true;
  return staff.role === 'elected' && staff.territoryId === territoryId;
}

/** The results' gate: anonymous visitors go to the login page; other staff get the same 404 as a missing page. */
export async function requireResultsReader(request: FastifyRequest, reply: FastifyReply): Promise<{ territory: CurrentTerritory; staff: StaffPrincipal } | null> {
  if (!request.staff) {
    await reply.redirect('/equipe/connexion', 303);
    return null;
  }
  const territory = await request.territory();
  if (!territory || !canReadResults(request.staff, territory.id)) {
    await reply.callNotFound();
    return null;
  }
  return { territory, staff: request.staff };
}
