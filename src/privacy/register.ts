import type { Config } from '../platform/config.js';
import { t, type MessageKey } from '../platform/i18n/index.js';
import type { CurrentTerritory } from '../platform/programme.js';

/** The settings the register is computed from: change one and the register and the privacy page change with it. */
export type RetentionSettings = Pick<Config, 'participantRetentionYears' | 'contactRetentionYears' | 'auditRetentionMonths'>;

/** Which setting sets a processing's retention (the `{years}` / `{months}` of its text). */
type RetentionRule = { years: 'participantRetentionYears' | 'contactRetentionYears' } | { months: 'auditRetentionMonths' } | null;

/**
 * The processings Boutic performs (RGPD art. 30), as data: the texts are in the catalogue
 * (`privacy.p.<key>.*`), the tables say where the data lives in the code (checked by a test),
 * the retention says which setting sets its length.
 */
export const PROCESSINGS = [
  { key: 'registration', retention: { years: 'participantRetentionYears' }, tables: ['participants', 'companies', 'registrations', 'certificates', 'tokens', 'outbox'] },
  { key: 'contacts', retention: { years: 'contactRetentionYears' }, tables: ['contacts', 'contact_imports', 'campaigns', 'campaign_recipients', 'unsubscribes'] },
  { key: 'news', retention: { years: 'contactRetentionYears' }, tables: ['consents', 'contacts'] },
  { key: 'directory', retention: { years: 'participantRetentionYears' }, tables: ['consents', 'directory_profiles', 'network_projects', 'network_interests', 'network_conversations', 'network_members', 'network_messages', 'network_blocks', 'network_reports'] },
  { key: 'referrals', retention: { years: 'participantRetentionYears' }, tables: ['partners', 'referrals', 'referral_events'] },
  { key: 'diagnostic', retention: { years: 'participantRetentionYears' }, tables: ['diagnostic_results'] },
  { key: 'surveys', retention: { years: 'participantRetentionYears' }, tables: ['survey_invitations', 'satisfaction_answers', 'follow_up_answers'] },
  { key: 'demands', retention: { years: 'participantRetentionYears' }, tables: ['demand_requests', 'demand_polls', 'demand_poll_answers'] },
  { key: 'staff', retention: { months: 'auditRetentionMonths' }, tables: ['staff_users', 'staff_sessions', 'audit_log'] },
  { key: 'reporting', retention: null, tables: [] },
] as const satisfies ReadonlyArray<{ key: string; retention: RetentionRule; tables: readonly string[] }>;

export type ProcessingKey = (typeof PROCESSINGS)[number]['key'];

export interface RegisterEntry {
  key: ProcessingKey;
  name: string;
  purpose: string;
  lawfulBasis: string;
  dataCategories: string;
  people: string;
  recipients: string;
  retention: string;
  security: string;
  /** The same processing told to the person concerned, in plain words (the privacy page). */
  notice: string;
  tables: string[];
}

export interface Register {
  controller: string;
  contact: string;
  transfers: string;
  entries: RegisterEntry[];
}

/** « 1 an », « 5 ans » */
export const yearsInWords = (n: number) => (n === 1 ? t('privacy.year') : t('privacy.years', { n }));
export const monthsInWords = (n: number) => t('privacy.months', { n });

function retentionOf(rule: RetentionRule, settings: RetentionSettings): Record<string, string> {
  if (!rule) return {};
  if ('years' in rule) return { years: yearsInWords(settings[rule.years]) };
  return { months: monthsInWords(settings[rule.months]) };
}

export function contactOf(territory: CurrentTerritory | null): string {
  return [territory?.contact_email, territory?.contact_phone].filter(Boolean).join(' — ') || (territory?.publisher ?? t('app.name'));
}

/** The register as it stands with these settings and this territory's programme (controller, funder, contact). */
export function processingRegister(settings: RetentionSettings, territory: CurrentTerritory | null): Register {
  const programme = territory?.programme_name ?? t('app.name');
  const funder = territory?.funder ?? '—';
  const text = (key: ProcessingKey, field: string, params: Record<string, string> = {}) => t(`privacy.p.${key}.${field}` as MessageKey, params);
  return {
    controller: t('privacy.register.controller.text', { publisher: territory?.publisher ?? programme, programme, funder }),
    contact: contactOf(territory),
    transfers: t('privacy.register.transfers'),
    entries: PROCESSINGS.map((p) => ({
      key: p.key,
      name: text(p.key, 'name'),
      purpose: text(p.key, 'purpose'),
      lawfulBasis: text(p.key, 'basis'),
      dataCategories: text(p.key, 'data'),
      people: text(p.key, 'people'),
      recipients: text(p.key, 'recipients', { funder }),
      retention: text(p.key, 'retention', retentionOf(p.retention, settings)),
      security: `${text(p.key, 'security')} ${t('privacy.security.common')}`,
      notice: text(p.key, 'notice'),
      tables: [...p.tables],
    })),
  };
}
