import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffPrincipal } from '../platform/auth/sessions.js';
import type { CurrentTerritory } from '../platform/programme.js';
import { canCoordinate, canFacilitate } from './policy.js';
import { facilitationSession, type FacilitationSession } from './queries.js';

export interface SessionAccess {
  territory: CurrentTerritory;
  staff: StaffPrincipal;
  session: FacilitationSession;
  /** True for the coordination (may correct a closed session, publish questions). */
  coordinator: boolean;
}

/**
 * The gate of every route about one session: anonymous visitors go to the login page; a session
 * that does not exist and a session the person may not see get the same 404 (another
 * facilitator's session is not even confirmed to exist).
 */
export async function requireSessionAccess(request: FastifyRequest, reply: FastifyReply, rawId: unknown): Promise<SessionAccess | null> {
  if (!request.staff) {
    await reply.redirect('/equipe/connexion', 303);
    return null;
  }
  const territory = await request.territory();
  const id = Number(rawId);
  const session = territory && Number.isSafeInteger(id) && id > 0 ? await facilitationSession(request.server.deps.database.db, territory.id, id) : undefined;
  if (!territory || !session || !canFacilitate(request.staff, territory.id, session)) {
    await reply.callNotFound();
    return null;
  }
  return { territory, staff: request.staff, session, coordinator: canCoordinate(request.staff, territory.id) };
}
