import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { formValues, idOf, parseForm, type FormValues } from '../../platform/forms.js';
import { formatDate, formatTime, t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { pageNumber, queryOf, requirePlanner } from '../../planning/ui.js';
import { requireSessionAccess, type SessionAccess } from '../access.js';
import { addQuestion, deleteQuestion, editQuestion, reportRefusal, saveReportNotes, setQuestionPublished, type ReportContext, type ReportRefusal } from './commands.js';
import { notesForm, questionForm } from './form.js';
import { questionInTerritory, questionsOfSession, reviewList } from './queries.js';
import { EditQuestionPage, ReportPage, ReviewPage } from './views.js';

const PER_PAGE = 30;

/** The session's report (notes, questions asked and their answers) and the coordination's review of the questions. */
export const questionRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const contextOf = (a: SessionAccess): ReportContext => ({ territoryId: a.territory.id, staffId: a.staff.id, coordinator: a.coordinator });

  const refusalMessage = (r: ReportRefusal, startsAt?: string) =>
    r.code === 'not_started' && startsAt ? t('questions.error.not_started', { date: formatDate(startsAt), time: formatTime(startsAt) }) : t(`questions.error.${r.code}`);
  const refusalStatus = (r: ReportRefusal) => (r.code === 'unknown' ? 404 : r.code === 'no_answer' ? 400 : 409);

  async function showReport(reply: FastifyReply, access: SessionAccess, extra: { status?: number; notice?: string; notes?: { values: FormValues; errors: FieldErrors }; add?: { values: FormValues; errors: FieldErrors } } = {}) {
    const { session } = access;
    const refused = reportRefusal(session, new Date());
    const questions = refused ? [] : await questionsOfSession(db, session.id);
    return reply.page(
      t('questions.report.title', { workshop: session.workshop_title }),
      <ReportPage
        session={session}
        questions={questions}
        csrf={reply.generateCsrf()}
        coordinator={access.coordinator}
        blocked={refused ? refusalMessage(refused, session.starts_at) : null}
        notes={extra.notes ?? { values: { notes: session.report_notes ?? '' }, errors: {} }}
        add={extra.add ?? { values: {}, errors: {} }}
      />,
      { status: extra.status ?? 200, notice: extra.notice },
    );
  }

  app.get<{ Params: { id: string } }>('/equipe/seances/:id/compte-rendu', async (request, reply) => {
    const access = await requireSessionAccess(request, reply, idOf(request.params.id));
    if (!access) return reply;
    const q = request.query as Record<string, string | undefined>;
    const notice = q.enregistre === '1' ? t('questions.saved') : q.ajoute === '1' ? t('questions.added') : q.supprime === '1' ? t('questions.deleted') : undefined;
    return showReport(reply, access, { notice });
  });

  app.post<{ Params: { id: string } }>('/equipe/seances/:id/compte-rendu', async (request, reply) => {
    const access = await requireSessionAccess(request, reply, idOf(request.params.id));
    if (!access) return reply;
    const form = parseForm(notesForm, request.body);
    if (!form.ok) return showReport(reply, access, { status: 400, notes: { values: form.values, errors: form.errors } });
    const result = await saveReportNotes(db, contextOf(access), { sessionId: access.session.id, notes: form.data.notes });
    if (!result.ok) return showReport(reply, access, { status: refusalStatus(result) });
    return reply.redirect(`/equipe/seances/${access.session.id}/compte-rendu?enregistre=1`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/seances/:id/questions', async (request, reply) => {
    const access = await requireSessionAccess(request, reply, idOf(request.params.id));
    if (!access) return reply;
    const form = parseForm(questionForm, request.body);
    if (!form.ok) return showReport(reply, access, { status: 400, add: { values: form.values, errors: form.errors } });
    const result = await addQuestion(db, contextOf(access), { sessionId: access.session.id, question: form.data });
    if (!result.ok) return showReport(reply, access, { status: refusalStatus(result) });
    return reply.redirect(`/equipe/seances/${access.session.id}/compte-rendu?ajoute=1#ajout`, 303);
  });

  /** A question and the same access as its session (another facilitator's question looks like none). */
  async function questionAccess(request: FastifyRequest<{ Params: { qid: string } }>, reply: FastifyReply) {
    if (!request.staff) {
      await reply.redirect('/equipe/connexion', 303);
      return null;
    }
    const territory = await request.territory();
    const id = idOf(request.params.qid);
    const question = territory && id !== null ? await questionInTerritory(db, territory.id, id) : undefined;
    if (!question) {
      await reply.callNotFound();
      return null;
    }
    const access = await requireSessionAccess(request, reply, question.session_id);
    return access ? { access, question } : null;
  }
  const backTo = (from: unknown, sessionId: number) => (from === 'revue' ? '/equipe/questions' : `/equipe/seances/${sessionId}/compte-rendu`);
  const fromOf = (v: unknown) => (v === 'revue' ? 'revue' : 'compte-rendu');

  const showEdit = (reply: FastifyReply, found: NonNullable<Awaited<ReturnType<typeof questionAccess>>>, from: string, values: FormValues, errors: FieldErrors, status = 200) =>
    reply.page(
      t('questions.edit.title'),
      <EditQuestionPage id={found.question.id} from={from} back={backTo(from, found.question.session_id)} csrf={reply.generateCsrf()} values={values} errors={errors} published={!!found.question.published_at} />,
      { status },
    );

  app.get<{ Params: { qid: string } }>('/equipe/questions/:qid', async (request, reply) => {
    const found = await questionAccess(request, reply);
    if (!found) return reply;
    if (found.question.published_at && !found.access.coordinator) return reply.callNotFound();
    const from = fromOf((request.query as Record<string, unknown>).retour);
    return showEdit(reply, found, from, { question: found.question.question, answer: found.question.answer ?? '' }, {});
  });

  app.post<{ Params: { qid: string } }>('/equipe/questions/:qid', async (request, reply) => {
    const found = await questionAccess(request, reply);
    if (!found) return reply;
    const from = fromOf(formValues(request.body).retour);
    const form = parseForm(questionForm, request.body);
    if (!form.ok) return showEdit(reply, found, from, form.values, form.errors, 400);
    const result = await editQuestion(db, contextOf(found.access), { questionId: found.question.id, question: form.data });
    if (!result.ok) {
      const errors: FieldErrors = result.code === 'no_answer' ? { answer: t('questions.error.no_answer') } : { _form: refusalMessage(result) };
      return showEdit(reply, found, from, form.values, errors, refusalStatus(result));
    }
    return reply.redirect(from === 'revue' ? '/equipe/questions?enregistre=1' : `/equipe/seances/${found.question.session_id}/compte-rendu?enregistre=1`, 303);
  });

  app.post<{ Params: { qid: string } }>('/equipe/questions/:qid/suppression', async (request, reply) => {
    const found = await questionAccess(request, reply);
    if (!found) return reply;
    const result = await deleteQuestion(db, contextOf(found.access), { questionId: found.question.id });
    if (!result.ok) return showReport(reply, found.access, { status: refusalStatus(result), notice: refusalMessage(result) });
    const from = fromOf(formValues(request.body).retour);
    return reply.redirect(from === 'revue' ? '/equipe/questions?supprime=1' : `/equipe/seances/${found.question.session_id}/compte-rendu?supprime=1`, 303);
  });

  // The coordination's review: publish in the workshop's FAQ, or withdraw.
  async function showReview(request: FastifyRequest, reply: FastifyReply, territoryId: number, status = 200, alert?: string, notice?: string) {
    const query = queryOf(request);
    const workshops = await db.selectFrom('workshops').select(['id', 'title']).where('territory_id', '=', territoryId).orderBy('title').execute();
    const wanted = idOf(query.atelier);
    const workshopId = wanted !== null && workshops.some((w) => w.id === wanted) ? wanted : null;
    const page = pageNumber(query.page);
    const rows = await reviewList(db, territoryId, { workshopId, page, perPage: PER_PAGE });
    const pages = Math.max(1, Math.ceil(Number(rows[0]?.total ?? 0) / PER_PAGE));
    return reply.page(t('questions.review.title'), <ReviewPage rows={rows} csrf={reply.generateCsrf()} workshops={workshops} workshopId={workshopId} page={page} pages={pages} query={query} alert={alert} />, { status, notice });
  }

  app.get('/equipe/questions', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const q = request.query as Record<string, string | undefined>;
    const notice = q.publie === '1' ? t('questions.published_notice') : q.retire === '1' ? t('questions.unpublished_notice') : q.enregistre === '1' ? t('questions.saved') : q.supprime === '1' ? t('questions.deleted') : undefined;
    return showReview(request, reply, planner.territory.id, 200, undefined, notice);
  });

  app.post<{ Params: { qid: string } }>('/equipe/questions/:qid/publication', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.qid);
    const question = id === null ? undefined : await questionInTerritory(db, planner.territory.id, id);
    if (!question) return reply.callNotFound();
    const publish = formValues(request.body).publish === '1';
    const result = await setQuestionPublished(db, { territoryId: planner.territory.id, staffId: planner.actor.staffId, coordinator: true }, { questionId: question.id, publish });
    if (!result.ok) return showReview(request, reply, planner.territory.id, refusalStatus(result), refusalMessage(result));
    return reply.redirect(`/equipe/questions?${publish ? 'publie' : 'retire'}=1`, 303);
  });
};
