import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csvSync } from '../platform/csv.js';
import { auditAccess } from '../platform/audit.js';
import { formatDate, t } from '../platform/i18n/index.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import type { CurrentTerritory } from '../platform/programme.js';
import { canPlan } from '../planning/policy.js';
import { safeCell } from '../registration/roster.js';
import { actorNames, FAMILIES, journalAll, journalPage, staffChoices, type Family, type JournalFilter } from './journal.js';
import { JournalPage, type JournalQuery } from './journal-views.js';
import { monthsInWords, processingRegister } from './register.js';
import { PrivacyNoticePage, RegisterPage } from './register-views.js';

const PER_PAGE = 50;

/** Who may read the audit log: administrators of the territory (or national ones); anyone else gets the 404 of a page that does not exist. */
export function canReadJournal(staff: FastifyRequest['staff'], territoryId: number): boolean {
  return !!staff && staff.role === 'administrator' && (staff.territoryId === null || staff.territoryId === territoryId);
}

/** « 2026-03-15 » or « 15/03/2026 » → « 2026-03-15 »; anything else (or a date that does not exist) → null. */
export function parseDay(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const day = iso ? value : fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : null;
  if (!day) return null;
  const d = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? null : day;
}

/** The journal's GET filters, checked: an unknown value gets a French message beside its field. */
function readFilter(raw: Record<string, unknown>, actorValues: Set<string>): { query: JournalQuery; filter: JournalFilter; errors: FieldErrors; before: number | null } {
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).trim().slice(0, 40) : '');
  const query: JournalQuery = { famille: str('famille'), acteur: str('acteur'), du: str('du'), au: str('au') };
  const errors: FieldErrors = {};
  const family = query.famille ? ((FAMILIES as readonly string[]).includes(query.famille) ? (query.famille as Family) : null) : null;
  if (query.famille && !family) errors.famille = t('journal.error.family');
  if (query.acteur && !actorValues.has(query.acteur)) errors.acteur = t('journal.error.actor');
  const from = query.du ? parseDay(query.du) : null;
  const to = query.au ? parseDay(query.au) : null;
  if (query.du && !from) errors.du = t('journal.error.date');
  if (query.au && !to) errors.au = t('journal.error.date');
  if (from && to && to < from) errors.au = t('journal.error.range');
  const avant = Number(str('avant'));
  return { query, errors, filter: { family, actor: query.acteur || null, from, to }, before: Number.isSafeInteger(avant) && avant > 0 ? avant : null };
}

/** The register of processing (coordination), the public privacy notice, and the audit log (administrators). */
export const registerRoutes: FastifyPluginAsync = async (app) => {
  const { config, database } = app.deps;
  const db = database.db;
  const registerOf = (territory: CurrentTerritory | null) => processingRegister(config, territory);

  const gate = async (request: FastifyRequest, reply: FastifyReply, allowed: (staff: NonNullable<FastifyRequest['staff']>, territoryId: number) => boolean) => {
    if (!request.staff) {
      await reply.redirect('/equipe/connexion', 303);
      return null;
    }
    const territory = await request.territory();
    if (!territory || !allowed(request.staff, territory.id)) {
      await reply.callNotFound();
      return null;
    }
    return { territory, staff: request.staff };
  };

  app.get('/confidentialite', async (request, reply) => {
    const territory = await request.territory();
    const programme = territory?.programme_name ?? t('app.name');
    return reply.page(t('privacy.notice.title'), <PrivacyNoticePage register={registerOf(territory)} programme={programme} publisher={territory?.publisher ?? programme} funder={territory?.funder ?? '—'} />);
  });

  app.get('/equipe/registre', async (request, reply) => {
    const access = await gate(request, reply, canPlan);
    if (!access) return reply;
    return reply.page(t('privacy.register.title'), <RegisterPage register={registerOf(access.territory)} programme={access.territory.programme_name ?? t('app.name')} date={formatDate(new Date())} />);
  });

  app.get('/equipe/registre.json', async (request, reply) => {
    const access = await gate(request, reply, canPlan);
    if (!access) return reply;
    return reply.header('content-disposition', 'attachment; filename="registre-des-traitements.json"').send({ generatedAt: new Date().toISOString(), settings: { participantRetentionYears: config.participantRetentionYears, contactRetentionYears: config.contactRetentionYears, auditRetentionMonths: config.auditRetentionMonths }, ...registerOf(access.territory) });
  });

  app.get('/equipe/registre.csv', async (request, reply) => {
    const access = await gate(request, reply, canPlan);
    if (!access) return reply;
    const header = ['field.name', 'field.purpose', 'field.basis', 'field.data', 'field.people', 'field.recipients', 'field.retention', 'field.security', 'field.tables'].map((k) => t(`privacy.${k}` as 'privacy.field.name'));
    const rows = registerOf(access.territory).entries.map((e) => [e.name, e.purpose, e.lawfulBasis, e.dataCategories, e.people, e.recipients, e.retention, e.security, e.tables.join(', ')].map(safeCell));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="registre-des-traitements.csv"')
      .send('\uFEFF' + csvSync().stringify([header, ...rows], { delimiter: ';', record_delimiter: 'windows' }));
  });

  const journalContext = async (request: FastifyRequest, territoryId: number) => {
    const staff = await staffChoices(db, territoryId);
    const actors = [
      ...staff.map((s) => ({ value: `staff:${s.id}`, label: `${s.display_name} (${t(`role.${s.role}`)})` })),
      { value: 'system', label: t('journal.actor.system') },
      { value: 'participant', label: t('journal.actor.participants') },
    ];
    return { actors, ...readFilter(request.query as Record<string, unknown>, new Set(actors.map((a) => a.value))) };
  };

  app.get('/equipe/journal', async (request, reply) => {
    const access = await gate(request, reply, canReadJournal);
    if (!access) return reply;
    const { actors, query, filter, errors, before } = await journalContext(request, access.territory.id);
    const months = monthsInWords(config.auditRetentionMonths);
    if (Object.keys(errors).length) {
      return reply.page(t('journal.title'), <JournalPage rows={[]} names={new Map()} query={query} errors={errors} actors={actors} next={null} paged={false} months={months} />, { status: 400 });
    }
    const { rows, more } = await journalPage(db, access.territory.id, filter, before, PER_PAGE);
    const names = await actorNames(db, rows.map((r) => r.actor));
    return reply.page(t('journal.title'), <JournalPage rows={rows} names={names} query={query} errors={{}} actors={actors} next={more ? rows[rows.length - 1]!.id : null} paged={before !== null} months={months} />);
  });

  app.get('/equipe/journal.csv', async (request, reply) => {
    const access = await gate(request, reply, canReadJournal);
    if (!access) return reply;
    const { filter, errors } = await journalContext(request, access.territory.id);
    if (Object.keys(errors).length) return reply.redirect(`/equipe/journal?${new URLSearchParams(request.query as Record<string, string>).toString()}`, 303);
    const rows = await journalAll(db, access.territory.id, filter);
    const names = await actorNames(db, rows.map((r) => r.actor));
    // the journal names staff members: taking a copy of it is itself logged
    await auditAccess(db, { territoryId: access.territory.id, staffId: access.staff.id, action: 'export.audit_log', rows: rows.length });
    const paris = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' });
    const header = [t('journal.col.at'), t('journal.col.actor'), 'actor', t('journal.col.action'), t('journal.col.subject'), t('journal.col.details')];
    const body = rows.map((r) => [paris.format(new Date(r.at)), names.get(r.actor) ?? r.actor, r.actor, r.action, r.subject, r.details].map(safeCell));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="journal-des-actions.csv"')
      .send('\uFEFF' + csvSync().stringify([header, ...body], { delimiter: ';', record_delimiter: 'windows' }));
  });
};
