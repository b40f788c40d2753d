import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { formList } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import { invitationByToken, recordAnswer, surveyState, type SurveyInvitation } from './commands.js';
import { parseFollowUp, parseSatisfaction } from './form.js';
import { SurveyMessage, SurveyPage } from './views.js';

/** The surveys, reached from the e-mail's link (no account): `/enquete/<token>`. */
export const surveyRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const formLimit = { rateLimit: { max: app.deps.config.formRateLimit, timeWindow: '1 minute' } };
  // the link is a secret: never let it leak to another site through the Referer
  const page = (reply: FastifyReply, title: string, body: Parameters<FastifyReply['page']>[1], status = 200) => reply.header('referrer-policy', 'no-referrer').page(title, body, { status });
  const message = (reply: FastifyReply, state: 'thanks' | 'answered' | 'expired' | 'unknown', answeredOn?: string | null) =>
    page(reply, t(`surveys.${state}.title`), <SurveyMessage state={state} answeredOn={answeredOn} />, state === 'unknown' ? 404 : 200);
  const title = (inv: SurveyInvitation) => t(inv.kind === 'satisfaction' ? 'surveys.satisfaction.title' : 'surveys.follow_up.title');

  app.get<{ Params: { token: string } }>('/enquete/:token', async (request, reply) => {
    const inv = await invitationByToken(db, (await request.territory())?.id ?? null, request.params.token);
    if (!inv) return message(reply, 'unknown');
    const state = surveyState(inv, new Date());
    if (state !== 'open') return message(reply, state, inv.answered_on);
    return page(reply, title(inv), <SurveyPage inv={inv} action={`/enquete/${request.params.token}`} csrf={reply.generateCsrf()} values={{}} checked={[]} errors={{}} />);
  });

  app.post<{ Params: { token: string } }>('/enquete/:token', { config: formLimit }, async (request, reply) => {
    const inv = await invitationByToken(db, (await request.territory())?.id ?? null, request.params.token);
    if (!inv) return message(reply, 'unknown');
    const state = surveyState(inv, new Date());
    if (state !== 'open') return message(reply, state, inv.answered_on);
    const invalid = (values: Record<string, string>, errors: Record<string, string>) => {
      const checked = formList(request.body, inv.kind === 'satisfaction' ? 'next' : 'outcomes');
      return page(reply, title(inv), <SurveyPage inv={inv} action={`/enquete/${request.params.token}`} csrf={reply.generateCsrf()} values={values} checked={checked} errors={errors} />, 422);
    };
    let done;
    if (inv.kind === 'satisfaction') {
      const parsed = parseSatisfaction(request.body);
      if (!parsed.ok) return invalid(parsed.values, parsed.errors);
      done = await recordAnswer(db, inv, { kind: 'satisfaction', data: parsed.data });
    } else {
      const parsed = parseFollowUp(request.body);
      if (!parsed.ok) return invalid(parsed.values, parsed.errors);
      done = await recordAnswer(db, inv, { kind: 'follow_up', data: parsed.data });
    }
    if (!done.ok) {
      const again = await invitationByToken(db, (await request.territory())?.id ?? null, request.params.token);
      return message(reply, done.state, again?.answered_on);
    }
    return message(reply, 'thanks');
  });
};
