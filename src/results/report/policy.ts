import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffPrincipal } from '../../platform/auth/sessions.js';
import type { Role } from '../../platform/db/schema.js';
import type { CurrentTerritory } from '../../platform/programme.js';

/** Who may read and download the funder's report: the coordination, and the elected officials and funders (read only). */
export const REPORT_READERS: readonly Role[] = ['administrator', 'coordinator', 'elected'];

/**
 * A small predicate, tested as a table: one of REPORT_READERS, of this territory (an administrator
 * with no territory is national). requirePlanner (planning/ui.tsx) refuses `elected`, hence this gate.
 */
export function canReadReport(staff: StaffPrincipal | null, territoryId: number): boolean {
  if (!staff || !REPORT_READERS.includes(staff.role)) return false;
  return staff.territoryId === null || staff.territoryId === territoryId;
}

export interface ReportReader {
  territory: CurrentTerritory;
  staff: StaffPrincipal;
}

/**
 * The report's gate, answering as requirePlanner does: anonymous visitors go to the login page;
 * staff who may not read it get the same 404 as a page that does not exist.
 */
export async function requireReportReader(request: FastifyRequest, reply: FastifyReply): Promise<ReportReader | null> {
  if (!request.staff) {
    await reply.redirect('/equipe/connexion', 303);
    return null;
  }
  const territory = await request.territory();
  if (!territory || !canReadReport(request.staff, territory.id)) {
    await reply.callNotFound();
    return null;
  }
  return { territory, staff: request.staff };
}
