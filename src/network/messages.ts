import { sql } from 'kysely';
import type { Db, Executor, Tx } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { t } from '../platform/i18n/index.js';
import { enqueueMail } from '../platform/mail/outbox.js';
import { renderMail } from '../platform/mail/templates.js';
import { isVisibleMember, memberCard } from './queries.js';
import { issueAccessToken } from '../registration/tokens.js';

/** A message's length, and the sender's limits: new people written to per day, messages per hour. */
export const MESSAGE_MAX = 3000;
export const NEW_CONTACTS_PER_DAY = 5;
export const MESSAGES_PER_HOUR = 20;

const LINK = /(https?:\/\/|www\.)\S+/i;

export type SendRefusal = 'empty' | 'too_long' | 'link_first' | 'too_many_new' | 'too_many' | 'blocked' | 'unknown';

/**
 * Checks a message's text: not empty, not too long; no link in a first message to someone who has
 * not answered (a stranger's link is how phishing starts). Text only: it is shown escaped, links
 * are never made clickable.
 */
export function checkMessage(body: string, firstContact: boolean): SendRefusal | null {
  const text = body.trim();
  if (!text) return 'empty';
  if (text.length > MESSAGE_MAX) return 'too_long';
  if (firstContact && LINK.test(text)) return 'link_first';
  return null;
}

/** Whether either blocked the other. */
async function blockedBetween(db: Executor, a: number, b: number): Promise<boolean> {
  const row = await db
    .selectFrom('network_blocks')
    .select('blocker_id')
    .where((eb) => eb.or([eb.and([eb('blocker_id', '=', a), eb('blocked_id', '=', b)]), eb.and([eb('blocker_id', '=', b), eb('blocked_id', '=', a)])]))
    .executeTakeFirst();
  return !!row;
}

/** The direct conversation of two members, if any (not a project's). */
async function directConversation(db: Executor, a: number, b: number): Promise<number | null> {
  const row = await db
    .selectFrom('network_conversations as c')
    .innerJoin('network_members as ma', (j) => j.onRef('ma.conversation_id', '=', 'c.id').on('ma.participant_id', '=', a))
    .innerJoin('network_members as mb', (j) => j.onRef('mb.conversation_id', '=', 'c.id').on('mb.participant_id', '=', b))
    .select('c.id')
    .where('c.project_id', 'is', null)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The sender's rate: messages in the last hour, and people first written to in the last day. */
async function rateOf(db: Executor, senderId: number, at: Date) {
  const hour = new Date(at.getTime() - 3600_000).toISOString();
  const day = new Date(at.getTime() - 86_400_000).toISOString();
  const [messages, started] = await Promise.all([
    db.selectFrom('network_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('sender_id', '=', senderId).where('created_at', '>=', hour).executeTakeFirstOrThrow(),
    db.selectFrom('network_conversations').select((eb) => eb.fn.countAll<number>().as('n')).where('created_by', '=', senderId).where('project_id', 'is', null).where('created_at', '>=', day).executeTakeFirstOrThrow(),
  ]);
  return { lastHour: Number(messages.n), newToday: Number(started.n) };
}

export interface RelayContext {
  baseUrl: string;
  programmeName: string;
}

/**
 * Writes to another member through Boutic: the message is stored in their conversation (created at
 * the first message) and the recipient is told by e-mail, with the text and a link to answer in
 * Boutic — never the sender's address, which the recipient sees only once they have answered.
 * Refused, with nothing written: a recipient not (or no longer) visible, a block either way, the
 * sender's limits, a link in a first message.
 */
export async function sendToMember(db: Db, ctx: RelayContext, input: { senderId: number; recipientId: number; body: string }, at = new Date()): Promise<{ ok: true; conversationId: number } | { ok: false; reason: SendRefusal }> {
  const sender = await isVisibleMember(db, input.senderId);
  const recipient = sender ? await memberCard(db, sender.territoryId, input.recipientId) : null;
  if (!sender || !recipient || input.senderId === input.recipientId) return { ok: false, reason: 'unknown' };
  if (await blockedBetween(db, input.senderId, input.recipientId)) return { ok: false, reason: 'blocked' };
  const existing = await directConversation(db, input.senderId, input.recipientId);
  const answered = existing !== null && (await hasWritten(db, existing, input.recipientId));
  const refusal = checkMessage(input.body, !answered);
  if (refusal) return { ok: false, reason: refusal };
  const rate = await rateOf(db, input.senderId, at);
  if (rate.lastHour >= MESSAGES_PER_HOUR) return { ok: false, reason: 'too_many' };
  if (existing === null && rate.newToday >= NEW_CONTACTS_PER_DAY) return { ok: false, reason: 'too_many_new' };
  const conversationId = await db.transaction().execute(async (tx) => {
    let id = existing;
    if (id === null) {
      id = (await tx.insertInto('network_conversations').values({ territory_id: sender.territoryId, created_by: input.senderId, created_at: at.toISOString() }).returning('id').executeTakeFirstOrThrow()).id;
      await tx.insertInto('network_members').values([
        { conversation_id: id, participant_id: input.senderId, joined_at: at.toISOString() },
        { conversation_id: id, participant_id: input.recipientId, joined_at: at.toISOString() },
      ]).execute();
    }
    await postMessage(tx, ctx, { conversationId: id, senderId: input.senderId, body: input.body.trim(), territoryId: sender.territoryId }, at);
    return id;
  });
  return { ok: true, conversationId };
}

/** Whether this member wrote in the conversation (then their address may be shown to the others who wrote). */
async function hasWritten(db: Executor, conversationId: number, participantId: number): Promise<boolean> {
  return !!(await db.selectFrom('network_messages').select('id').where('conversation_id', '=', conversationId).where('sender_id', '=', participantId).executeTakeFirst());
}

/**
 * Answers in a conversation one belongs to. The same limits; links allowed once another member has
 * written. Each other member is told by e-mail.
 */
export async function replyInConversation(db: Db, ctx: RelayContext, input: { senderId: number; conversationId: number; body: string }, at = new Date()): Promise<{ ok: true } | { ok: false; reason: SendRefusal }> {
  const sender = await isVisibleMember(db, input.senderId);
  const members = await db.selectFrom('network_members').select('participant_id').where('conversation_id', '=', input.conversationId).where('left_at', 'is', null).execute();
  if (!sender || !members.some((m) => m.participant_id === input.senderId)) return { ok: false, reason: 'unknown' };
  const others = members.map((m) => m.participant_id).filter((p) => p !== input.senderId);
  for (const other of others) if (await blockedBetween(db, input.senderId, other)) return { ok: false, reason: 'blocked' };
  const othersWrote = await db.selectFrom('network_messages').select('id').where('conversation_id', '=', input.conversationId).where('sender_id', '!=', input.senderId).executeTakeFirst();
  const refusal = checkMessage(input.body, !othersWrote);
  if (refusal) return { ok: false, reason: refusal };
  if ((await rateOf(db, input.senderId, at)).lastHour >= MESSAGES_PER_HOUR) return { ok: false, reason: 'too_many' };
  await db.transaction().execute((tx) => postMessage(tx, ctx, { conversationId: input.conversationId, senderId: input.senderId, body: input.body.trim(), territoryId: sender.territoryId }, at));
  return { ok: true };
}

/**
 * What replyInConversation would refuse about a message's text and the sender's rate, read before
 * anything is written (a project's conversation is created before its first message is sent).
 */
export async function textRefusal(db: Executor, input: { senderId: number; conversationId: number | null; body: string }, at = new Date()): Promise<SendRefusal | null> {
  const othersWrote =
    input.conversationId !== null && !!(await db.selectFrom('network_messages').select('id').where('conversation_id', '=', input.conversationId).where('sender_id', '!=', input.senderId).executeTakeFirst());
  const refusal = checkMessage(input.body, !othersWrote);
  if (refusal) return refusal;
  if ((await rateOf(db, input.senderId, at)).lastHour >= MESSAGES_PER_HOUR) return 'too_many';
  return null;
}

/** Stores a message and tells the other members by e-mail, in the caller's transaction. */
async function postMessage(tx: Tx, ctx: RelayContext, input: { conversationId: number; senderId: number; body: string; territoryId: number }, at: Date) {
  const message = await tx.insertInto('network_messages').values({ conversation_id: input.conversationId, sender_id: input.senderId, body: input.body, created_at: at.toISOString() }).returning('id').executeTakeFirstOrThrow();
  await tx.updateTable('network_members').set({ revealed_at: at.toISOString() }).where('conversation_id', '=', input.conversationId).where('participant_id', '=', input.senderId).where('revealed_at', 'is', null).execute();
  const card = await memberCard(tx, input.territoryId, input.senderId);
  const from = card?.name ?? card?.company ?? t('network.member.unnamed');
  const others = await tx
    .selectFrom('network_members as m')
    .innerJoin('participants as p', 'p.id', 'm.participant_id')
    .select(['p.id', 'p.email', 'p.first_name'])
    .where('m.conversation_id', '=', input.conversationId)
    .where('m.participant_id', '!=', input.senderId)
    .where('m.left_at', 'is', null)
    .where('p.anonymised_at', 'is', null)
    .execute();
  for (const o of others) {
    const mail = renderMail({
      title: t('network.mail.title', { from }),
      paragraphs: [t('network.mail.intro', { name: o.first_name, from }), input.body, t('network.mail.private')],
      // signed in by the link itself (single use, 7 days), straight to the conversation
      action: { label: t('network.mail.answer'), url: `${ctx.baseUrl}/mes-inscriptions/acces?jeton=${encodeURIComponent(await issueAccessToken(tx, o.id, at))}&suite=${encodeURIComponent(`/reseau/conversations/${input.conversationId}`)}` },
      footer: t('network.mail.footer', { programme: ctx.programmeName }),
    });
    await enqueueMail(tx, { kind: 'network.message', idempotencyKey: `network-message:${message.id}:${o.id}`, mail: { to: o.email, subject: t('network.mail.subject', { from }), ...mail } });
  }
  await audit(tx, { territoryId: input.territoryId, actor: `participant:${input.senderId}`, action: 'network.message_sent', subject: `conversation:${input.conversationId}`, details: { recipients: others.length } });
}

/** Blocks a member: no message either way from now on; they are not told. */
export async function blockMember(db: Db, blockerId: number, blockedId: number): Promise<void> {
  if (blockerId === blockedId) return;
  await db.insertInto('network_blocks').values({ blocker_id: blockerId, blocked_id: blockedId }).onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing()).execute();
}

export async function unblockMember(db: Db, blockerId: number, blockedId: number): Promise<void> {
  await db.deleteFrom('network_blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).execute();
}

export async function hasBlocked(db: Executor, blockerId: number, blockedId: number): Promise<boolean> {
  return !!(await db.selectFrom('network_blocks').select('blocker_id').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).executeTakeFirst());
}

/** The conversations of a member, the latest first, with who is in them and the last message's date. */
export async function conversationsOf(db: Executor, participantId: number) {
  return db
    .selectFrom('network_members as me')
    .innerJoin('network_conversations as c', 'c.id', 'me.conversation_id')
    .select(['c.id', 'c.project_id', sql<string>`(select max(nm.created_at) from network_messages nm where nm.conversation_id = c.id)`.as('last_at')])
    .where('me.participant_id', '=', participantId)
    .where('me.left_at', 'is', null)
    .orderBy(sql`(select max(nm.created_at) from network_messages nm where nm.conversation_id = c.id)`, 'desc')
    .execute();
}

/**
 * One conversation as a member reads it: the other members (their card, and their address only
 * if both they and someone else wrote), the messages (a hidden one says so). Null when the reader
 * is not a member: the same 404 as a conversation that does not exist.
 */
export async function readConversation(db: Executor, territoryId: number, readerId: number, conversationId: number) {
  const members = await db
    .selectFrom('network_members as m')
    .innerJoin('participants as p', 'p.id', 'm.participant_id')
    .select(['m.participant_id', 'm.revealed_at', 'm.left_at', 'p.email'])
    .where('m.conversation_id', '=', conversationId)
    .execute();
  const me = members.find((m) => m.participant_id === readerId && m.left_at === null);
  if (!me) return null;
  const messages = await db.selectFrom('network_messages').select(['id', 'sender_id', 'body', 'created_at', 'hidden_at']).where('conversation_id', '=', conversationId).orderBy('created_at').orderBy('id').execute();
  const wrote = new Set(messages.map((m) => m.sender_id));
  const readerWrote = wrote.has(readerId);
  const others = [];
  for (const m of members.filter((x) => x.participant_id !== readerId)) {
    const card = await memberCard(db, territoryId, m.participant_id);
    // an address is shown only between members who both wrote: the recipient's answer is their consent
    const email = readerWrote && wrote.has(m.participant_id) ? m.email : null;
    others.push({ id: m.participant_id, card, email });
  }
  return { id: conversationId, others, messages: messages.map((m) => ({ ...m, mine: m.sender_id === readerId })) };
}
