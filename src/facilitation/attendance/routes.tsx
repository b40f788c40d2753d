import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { auditAccess } from '../../platform/audit.js';
import { formValues, idOf, parseForm, type FormValues } from '../../platform/forms.js';
import { formatDate, formatDateTime, formatTime, t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import type { CurrentTerritory } from '../../platform/programme.js';
import { parisDateTimeFields, parisTime } from '../../platform/time.js';
import { participantOfRequest } from '../../registration/tokens.js';
import { pageNumber } from '../../planning/ui.js';
import { requireSessionAccess, type SessionAccess } from '../access.js';
import { certificateFacts, certificateInput, normaliseCertificateCode, type ProgrammeFacts } from '../certificates.js';
import { certificateFilename, renderCertificate } from '../documents/certificate.js';
import { renderSignInSheet, signInSheetFilename } from '../documents/sign-in-sheet.js';
import { noShowCounts } from '../no-shows/queries.js';
import { canCoordinate, hasOwnSessions } from '../policy.js';
import { addWalkIn, attendanceOpensAt, closeSession, markAttendance, type AttendanceContext, type AttendanceRefusal } from './commands.js';
import { attendanceValue, walkInForm } from './form.js';
import { attendanceRoster, countAttendance, ownSessions } from './queries.js';
import { AttendancePage, CertificateCheckPage, MySessionsPage } from './views.js';

const PER_PAGE = 20;

/** « Mes séances », the sign-in on a tablet or on paper, closing, and the certificates. */
export const attendanceRoutes: FastifyPluginAsync = async (app) => {
  const { config, database } = app.deps;
  const db = database.db;

  const programmeOf = (territory: CurrentTerritory): ProgrammeFacts => ({
    baseUrl: territory.base_url,
    programmeName: territory.programme_name ?? t('app.name'),
    funder: territory.funder ?? '',
    territoryName: territory.name,
    publisher: territory.publisher ?? territory.programme_name ?? territory.name,
  });
  const contextOf = (access: SessionAccess): AttendanceContext => ({ territoryId: access.territory.id, staffId: access.staff.id, coordinator: access.coordinator, programme: programmeOf(access.territory) });

  const refusalMessage = (r: AttendanceRefusal): string => {
    switch (r.code) {
      case 'not_started':
        return t('facilitation.error.not_started', { date: formatDate(r.opensAt!), time: formatTime(r.opensAt!) });
      case 'closed':
        return t('facilitation.error.closed', { date: r.closedAt ? formatDateTime(r.closedAt) : '—' });
      default:
        return t(`facilitation.error.${r.code}`);
    }
  };
  const refusalStatus = (r: AttendanceRefusal) => (r.code === 'unknown' || r.code === 'not_registered' ? 404 : 409);

  const wantsJson = (request: FastifyRequest) => /application\/json/.test(String(request.headers.accept ?? ''));

  async function showAttendance(reply: FastifyReply, access: SessionAccess, extra: { status?: number; alert?: string; notice?: string; walkIn?: { values: FormValues; errors: FieldErrors }; closeErrors?: FieldErrors } = {}) {
    const { session } = access;
    const rows = await attendanceRoster(db, access.territory.id, session.id, session.starts_at);
    await auditAccess(db, { territoryId: access.territory.id, staffId: access.staff.id, action: 'read.attendance', subject: `session:${session.id}`, rows: rows.length });
    const [noShows, closer] = await Promise.all([
      access.coordinator ? noShowCounts(db, access.territory.id, rows.map((r) => r.participant_id)) : Promise.resolve(new Map<number, number>()),
      session.closed_by ? db.selectFrom('staff_users').select('display_name').where('id', '=', session.closed_by).executeTakeFirst() : Promise.resolve(undefined),
    ]);
    return reply.page(
      t('facilitation.attendance.title', { workshop: session.workshop_title }),
      <AttendancePage
        session={session}
        rows={rows}
        counts={countAttendance(rows)}
        csrf={reply.generateCsrf()}
        now={new Date()}
        opensAt={attendanceOpensAt(session.starts_at)}
        coordinator={access.coordinator}
        noShows={noShows}
        threshold={config.noShowThreshold}
        closedBy={closer?.display_name ?? null}
        walkIn={extra.walkIn ?? { values: {}, errors: {} }}
        closeErrors={extra.closeErrors ?? {}}
        alert={extra.alert}
      />,
      { status: extra.status ?? 200, notice: extra.notice },
    );
  }

  // « Mes séances »: only the sessions this person leads.
  app.get('/equipe/mes-seances', async (request, reply) => {
    if (!request.staff) return reply.redirect('/equipe/connexion', 303);
    const territory = await request.territory();
    if (!territory || !hasOwnSessions(request.staff)) return reply.callNotFound();
    const now = new Date();
    const from = parisTime(parisDateTimeFields(now).date, 0).toISOString();
    const page = pageNumber((request.query as Record<string, string | undefined>).page);
    const [upcoming, past] = await Promise.all([
      ownSessions(db, territory.id, request.staff.id, 'upcoming', from, 1, 100),
      ownSessions(db, territory.id, request.staff.id, 'past', from, page, PER_PAGE),
    ]);
    const pastPages = Math.max(1, Math.ceil(Number(past[0]?.total ?? 0) / PER_PAGE));
    return reply.page(t('facilitation.mine.title'), <MySessionsPage upcoming={upcoming} past={past} pastPage={page} pastPages={pastPages} now={now} canSeeAll={canCoordinate(request.staff, territory.id)} />);
  });

  app.get<{ Params: { id: string } }>('/equipe/seances/:id/emargement', async (request, reply) => {
    const access = await requireSessionAccess(request, reply, idOf(request.params.id));
    if (!access) return reply;
    const query = request.query as Record<string, string | undefined>;
    let notice: string | undefined;
    if (query.cloturee === '1' && access.session.status === 'held') {
      const counts = countAttendance(await attendanceRoster(db, access.territory.id, access.session.id, access.session.starts_at));
      notice = t('facilitation.closed.notice', { present: counts.present, absent: counts.absent, excused: counts.excused });
    } else if (query.ajoute === '1') notice = t('facilitation.walk_in.added');
    else if (query.oriente) notice = t('referrals.new.sent', { partner: query.oriente.slice(0, 120) });
    return showAttendance(reply, access, { notice });
  });

  // One tap: present, absent or excused. With JavaScript it answers JSON; without, it comes back to the person's card.
  app.post<{ Params: { id: string; rid: string } }>('/equipe/seances/:id/emargement/:rid', async (request, reply) => {
    const access = await requireSessionAccess(request, reply, idOf(request.params.id));
    if (!access) return reply;
    const registrationId = idOf(request.params.rid);
    const value = attendanceValue.safeParse(formValues(request.body).attendance);
    const json = wantsJson(request);
    if (!value.success || registrationId === null) {
      const message = t('facilitation.error.value');
      return json ? reply.code(400).send({ ok: false, message }) : showAttendance(reply, access, { status: 400, alert: message });
    }
    const result = await markAttendance(db, contextOf(access), { sessionId: access.session.id, registrationId, attendance: value.data });
    if (!result.ok) {
      const message = refusalMessage(result);
      return json ? reply.code(refusalStatus(result)).send({ ok: false, message }) : showAttendance(reply, access, { status: refusalStatus(result), alert: message });
    }
    if (json) {
      const counts = countAttendance(await attendanceRoster(db, access.territory.id, access.session.id, access.session.starts_at));
      const total = counts.present + counts.absent + counts.excused + counts.unmarked;
      return reply.header('cache-control', 'no-store').send({
        ok: true,
        attendance: result.attendance,
        state: t(`facilitation.attendance.${result.attendance}`),
        counts: t('facilitation.counts', { ...counts, total }),
      });
    }
    return reply.redirect(`/equipe/seances/${access.session.id}/emargement#inscription-${registrationId}`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/seances/:id/sur-place', async (request, reply) => {
    const access = await requireSessionAccess(request, reply, idOf(request.params.id));
    if (!access) return reply;
    const form = parseForm(walkInForm, request.body);
    if (!form.ok) return showAttendance(reply, access, { status: 400, walkIn: { values: form.values, errors: form.errors } });
    const result = await addWalkIn(db, contextOf(access), { sessionId: access.session.id, person: form.data });
    if (!result.ok) return showAttendance(reply, access, { status: refusalStatus(result), walkIn: { values: form.values, errors: { _form: refusalMessage(result) } } });
    return reply.redirect(`/equipe/seances/${access.session.id}/emargement?ajoute=1#inscription-${result.registrationId}`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/seances/:id/cloture', async (request, reply) => {
    const access = await requireSessionAccess(request, reply, idOf(request.params.id));
    if (!access) return reply;
    if (formValues(request.body).confirm !== '1') return showAttendance(reply, access, { status: 400, closeErrors: { confirm: t('facilitation.close.confirm_required') } });
    const result = await closeSession(db, contextOf(access), { sessionId: access.session.id });
    if (!result.ok) return showAttendance(reply, access, { status: refusalStatus(result), alert: refusalMessage(result) });
    return reply.redirect(`/equipe/seances/${access.session.id}/emargement?cloturee=1`, 303);
  });

  // The paper sign-in sheet, printed before the session: one line per confirmed person, spare lines for walk-ins.
  app.get<{ Params: { id: string } }>('/equipe/seances/:id/feuille-emargement.pdf', async (request, reply) => {
    const access = await requireSessionAccess(request, reply, idOf(request.params.id));
    if (!access) return reply;
    const { session: s, territory } = access;
    const rows = (await attendanceRoster(db, territory.id, s.id, s.starts_at)).filter((r) => r.status === 'confirmed');
    await auditAccess(db, { territoryId: territory.id, staffId: access.staff.id, action: 'export.sign_in_sheet', subject: `session:${s.id}`, rows: rows.length });
    const input = {
      programmeName: territory.programme_name ?? t('app.name'),
      funder: territory.funder ?? '',
      territoryName: territory.name,
      workshopTitle: s.workshop_title,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      venueName: s.venue_name,
      venueAddress: s.venue_address,
      communeName: s.commune_name,
      postcode: s.postcodes.split(',')[0] ?? null,
      facilitatorName: s.facilitator_name,
      participants: rows.map((r) => ({ firstName: r.first_name, lastName: r.last_name, companyName: r.company_name, walkIn: !!r.walk_in })),
    };
    const pdf = await renderSignInSheet(input);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${signInSheetFilename(input)}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  const sendCertificate = async (reply: FastifyReply, territory: CurrentTerritory, registrationId: number) => {
    const facts = await certificateFacts(db, territory.id, { registrationId });
    if (!facts || facts.revoked_at) return reply.callNotFound();
    const input = certificateInput(facts, programmeOf(territory));
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${certificateFilename(input)}"`)
      .header('cache-control', 'no-store')
      .send(await renderCertificate(input));
  };

  // A certificate from the roster (a coordinator resending it by hand, a facilitator asked on the spot).
  app.get<{ Params: { id: string; rid: string } }>('/equipe/seances/:id/attestations/:rid', async (request, reply) => {
    const access = await requireSessionAccess(request, reply, idOf(request.params.id));
    if (!access) return reply;
    const registrationId = idOf(request.params.rid.replace(/\.pdf$/, ''));
    const owned = registrationId !== null && (await db.selectFrom('registrations').select('id').where('id', '=', registrationId).where('session_id', '=', access.session.id).executeTakeFirst());
    if (!owned) return reply.callNotFound();
    return sendCertificate(reply, access.territory, registrationId!);
  });

  // The participant's own certificate, from « Mes inscriptions ».
  app.get<{ Params: { rid: string } }>('/mes-inscriptions/attestations/:rid', async (request, reply) => {
    const participantId = await participantOfRequest(request);
    if (participantId === null) return reply.redirect('/mes-inscriptions/lien', 303);
    const territory = await request.territory();
    const registrationId = idOf(request.params.rid.replace(/\.pdf$/, ''));
    if (!territory || registrationId === null) return reply.callNotFound();
    const owned = await db.selectFrom('registrations').select('id').where('id', '=', registrationId).where('participant_id', '=', participantId).executeTakeFirst();
    if (!owned) return reply.callNotFound(); // another person's certificate looks like none
    return sendCertificate(reply, territory, registrationId);
  });

  // Public: anyone holding a certificate (an employer, a funder) checks its code.
  app.get('/attestations/verifier', { config: { rateLimit: { max: config.formRateLimit, timeWindow: '1 minute' } } }, async (request, reply) => {
    const raw = String((request.query as Record<string, unknown>).code ?? '').slice(0, 40);
    const title = t('facilitation.verify.title');
    if (!raw.trim()) return reply.page(title, <CertificateCheckPage code="" result="form" />);
    const code = normaliseCertificateCode(raw);
    if (!code) return reply.page(title, <CertificateCheckPage code={raw} result="invalid" />, { status: 400 });
    const territory = await request.territory();
    const facts = territory ? await certificateFacts(db, territory.id, { code }) : undefined;
    if (!facts) return reply.page(title, <CertificateCheckPage code={code} result="unknown" />, { status: 404 });
    if (facts.revoked_at) return reply.page(title, <CertificateCheckPage code={code} result="revoked" />);
    return reply.page(
      title,
      <CertificateCheckPage
        code={code}
        result="valid"
        facts={{
          name: facts.anonymised_at ? t('facilitation.verify.anonymised') : `${facts.first_name} ${facts.last_name}`,
          company: facts.anonymised_at ? null : facts.company_name,
          workshop: facts.workshop_title,
          startsAt: facts.starts_at,
          endsAt: facts.ends_at,
          venue: `${facts.venue_name}, ${facts.commune_name}`,
          programme: territory!.programme_name ?? territory!.name,
          issuedAt: facts.issued_at,
        }}
      />,
    );
  });
};
