/**
 * The report is read by whoever reads the results (src/results/access.ts): the territory's
 * coordinators and administrators, and its elected officials and funders (read-only).
 */
export { canReadResults as canReadReport, requireResultsReader as requireReportReader } from '../access.js';
import type { StaffPrincipal } from '../../platform/auth/sessions.js';
import type { CurrentTerritory } from '../../platform/programme.js';

export interface ReportReader {
  territory: CurrentTerritory;
  staff: StaffPrincipal;
}
