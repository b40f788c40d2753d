import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffPrincipal } from '../../platform/auth/sessions.js';
import type { CurrentTerritory } from '../../platform/programme.js';
import { canPlan } from '../../planning/policy.js';
import { partnerOfStaff, type ReferralViewer } from './queries.js';

/** Who may read referrals: the coordination (the territory's), a partner account of the territory (its chamber's). Tested as a table. */
export function canReadReferrals(staff: StaffPrincipal | null, territoryId: number): boolean {
  if (!staff) return false;
  if (canPlan(staff, territoryId)) return true;
  return staff.role === 'partner' && staff.territoryId === territoryId;
}

export interface ReferralAccess {
  territory: CurrentTerritory;
  staff: StaffPrincipal;
  viewer: ReferralViewer;
  planner: boolean;
  /** A partner account bound to no partner sees nothing (and is told). */
  unbound: boolean;
}

/** The gate of the referral pages: anonymous visitors go to the login page, anyone else who may not read them gets the 404 of a page that does not exist. */
export async function requireReferralAccess(request: FastifyRequest, reply: FastifyReply): Promise<ReferralAccess | null> {
  if (!request.staff) {
    await reply.redirect('/equipe/connexion', 303);
    return null;
  }
  const territory = await request.territory();
  if (!territory || !canReadReferrals(request.staff, territory.id)) {
    await reply.callNotFound();
    return null;
  }
  const planner = canPlan(request.staff, territory.id);
  // a partner account without a partner gets an impossible id: its scoped queries find nothing
  const partnerId = planner ? null : ((await partnerOfStaff(request.server.deps.database.db, request.staff.id)) ?? -1);
  return { territory, staff: request.staff, viewer: { territoryId: territory.id, partnerId }, planner, unbound: partnerId === -1 };
}
