import type { Db } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { formatDate, t } from '../../platform/i18n/index.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { renderMail } from '../../platform/mail/templates.js';
import type { RequestInput } from './form.js';
import { requestDetails } from './queries.js';
import { issueRequestToken } from './tokens.js';

export interface RequestContext {
  territoryId: number;
  baseUrl: string;
  programmeName: string;
}

export const requestUrl = (baseUrl: string, token: string) => `${baseUrl}/demandes/${encodeURIComponent(token)}`;

/**
 * Records a request for a workshop (or a free-text topic) and acknowledges it by e-mail with a link
 * to follow or withdraw it (outbox, same transaction). The same person asking again for the same
 * workshop while their request is open updates it instead of counting twice.
 */
export async function submitRequest(db: Db, ctx: RequestContext, input: RequestInput, source = 'web', at = new Date()): Promise<{ id: number; updated: boolean; token: string }> {
  return db.transaction().execute(async (tx) => {
    const fields = {
      venue_id: input.venueId,
      commune_code: input.communeCode,
      days: input.days.join(','),
      times: input.times.join(','),
      people: input.people,
      comment: input.comment,
      first_name: input.first_name,
      last_name: input.last_name,
      company: input.company,
    };
    const same = await tx
      .selectFrom('demand_requests')
      .select('id')
      .where('territory_id', '=', ctx.territoryId)
      .where('email', '=', input.email)
      .where('status', '=', 'open')
      .$if(input.workshopId !== null, (q) => q.where('workshop_id', '=', input.workshopId!))
      .$if(input.workshopId === null, (q) => q.where('workshop_id', 'is', null).where('topic', '=', input.topic!))
      .executeTakeFirst();
    const participant = await tx.selectFrom('participants').select('id').where('territory_id', '=', ctx.territoryId).where('email', '=', input.email).executeTakeFirst();
    let id: number;
    if (same) {
      await tx.updateTable('demand_requests').set(fields).where('id', '=', same.id).execute();
      id = same.id;
    } else {
      id = (
        await tx
          .insertInto('demand_requests')
          .values({ territory_id: ctx.territoryId, workshop_id: input.workshopId, topic: input.topic, email: input.email, participant_id: participant?.id ?? null, source, created_at: at.toISOString(), ...fields })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    const token = await issueRequestToken(tx, id, at);
    const details = (await requestDetails(tx, ctx.territoryId, id))!;
    const what = details.workshop_title ?? details.topic ?? '';
    const mail = renderMail({
      title: t(same ? 'ondemand.mail.updated.title' : 'ondemand.mail.ack.title'),
      paragraphs: [t('ondemand.mail.ack.body', { name: input.first_name, what }), t('ondemand.mail.ack.next')],
      details: [
        [t('ondemand.field.workshop'), what],
        [t('ondemand.field.venue'), details.venue_name ?? details.commune_name ?? t('ondemand.venue.any')],
        [t('ondemand.field.people'), String(input.people)],
      ],
      action: { label: t('ondemand.mail.ack.action'), url: requestUrl(ctx.baseUrl, token) },
      footer: t('registration.mail.signature', { programme: ctx.programmeName }),
    });
    await enqueueMail(tx, { kind: 'demand.acknowledged', idempotencyKey: `demand:${id}:ack:${at.toISOString()}`, mail: { to: input.email, subject: t('ondemand.mail.ack.subject', { what }), ...mail } });
    await audit(tx, { territoryId: ctx.territoryId, actor: participant ? `participant:${participant.id}` : `demand:${id}`, action: same ? 'demand.updated' : 'demand.requested', subject: `demand:${id}`, details: { workshop: input.workshopId, topic: input.topic, people: input.people, source } });
    return { id, updated: !!same, token };
  });
}

export type WithdrawResult = { ok: true } | { ok: false; code: 'unknown' | 'already' | 'scheduled'; at?: string | null };

/** The requester withdraws their request; withdrawing twice says when it was done and changes nothing. */
export async function withdrawRequest(db: Db, territoryId: number, requestId: number, at = new Date()): Promise<WithdrawResult> {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('demand_requests').select(['id', 'status', 'withdrawn_at', 'scheduled_at']).where('id', '=', requestId).where('territory_id', '=', territoryId).executeTakeFirst();
    if (!current) return { ok: false, code: 'unknown' };
    if (current.status === 'withdrawn') return { ok: false, code: 'already', at: current.withdrawn_at };
    if (current.status === 'scheduled') return { ok: false, code: 'scheduled', at: current.scheduled_at };
    await tx.updateTable('demand_requests').set({ status: 'withdrawn', withdrawn_at: at.toISOString() }).where('id', '=', current.id).where('status', '=', 'open').execute();
    await audit(tx, { territoryId, actor: `demand:${current.id}`, action: 'demand.withdrawn', subject: `demand:${current.id}` });
    return { ok: true };
  });
}

/** The coordinator attaches a free-text request to a workshop of the catalogue (it then counts in that group). */
export async function attachRequest(db: Db, ctx: { territoryId: number; staffId: number }, input: { requestId: number; workshopId: number }): Promise<{ ok: true } | { ok: false; code: 'unknown' | 'workshop' }> {
  return db.transaction().execute(async (tx) => {
    const workshop = await tx.selectFrom('workshops').select('id').where('id', '=', input.workshopId).where('territory_id', '=', ctx.territoryId).executeTakeFirst();
    if (!workshop) return { ok: false, code: 'workshop' };
    const r = await tx.updateTable('demand_requests').set({ workshop_id: workshop.id }).where('id', '=', input.requestId).where('territory_id', '=', ctx.territoryId).where('status', '=', 'open').where('workshop_id', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { ok: false, code: 'unknown' };
    await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'demand.attached', subject: `demand:${input.requestId}`, details: { workshop: workshop.id } });
    return { ok: true };
  });
}

/** How many people asking make a workshop's group ready to schedule (at least 1). */
export async function setDemandThreshold(db: Db, ctx: { territoryId: number; staffId: number }, input: { workshopId: number; threshold: number }): Promise<{ ok: true } | { ok: false; code: 'unknown' }> {
  return db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('workshops').set({ demand_threshold: input.threshold }).where('id', '=', input.workshopId).where('territory_id', '=', ctx.territoryId).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { ok: false, code: 'unknown' };
    await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'demand.threshold_set', subject: `workshop:${input.workshopId}`, details: { threshold: input.threshold } });
    return { ok: true };
  });
}

export const withdrawnMessage = (r: Extract<WithdrawResult, { ok: false }>) =>
  r.code === 'already' ? t('ondemand.error.already_withdrawn', { date: r.at ? formatDate(r.at) : '—' }) : r.code === 'scheduled' ? t('ondemand.error.scheduled') : t('ondemand.error.unknown');
