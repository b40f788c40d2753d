import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { DEFAULT_QUESTIONNAIRE } from './default-questionnaire.js';
import { parseQuestionnaire, scoreAnswers, type Answers, type Questionnaire } from './questionnaire.js';
import { queueResultMail, type DiagnosticMailContext } from './mails.js';

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export interface QuestionnaireVersion {
  id: number;
  version: number;
  published_at: string;
  questionnaire: Questionnaire;
}

const latestVersion = (db: Executor, territoryId: number) =>
  db.selectFrom('diagnostic_questionnaires').select(['id', 'version', 'content', 'published_at']).where('territory_id', '=', territoryId).orderBy('version', 'desc').limit(1).executeTakeFirst();

/**
 * The territory's current questionnaire; the default one is written as version 1 at first use
 * (two first visitors at once: the unique version lets one insert win, both read it back).
 */
export async function currentQuestionnaire(db: Executor, territoryId: number): Promise<QuestionnaireVersion> {
  let row = await latestVersion(db, territoryId);
  if (!row) {
    await db
      .insertInto('diagnostic_questionnaires')
      .values({ territory_id: territoryId, version: 1, content: JSON.stringify(DEFAULT_QUESTIONNAIRE), created_by: null })
      .onConflict((oc) => oc.columns(['territory_id', 'version']).doNothing())
      .execute();
    row = await latestVersion(db, territoryId);
  }
  if (!row) throw new Error('no questionnaire after writing the default one');
  return { id: row.id, version: row.version, published_at: row.published_at, questionnaire: parseQuestionnaire(row.content) };
}

/** Records a diagnostic taken (answers already checked against its version) and returns the link's token. */
export async function recordDiagnostic(
  db: Db,
  input: { territoryId: number; version: QuestionnaireVersion; answers: Answers; communeCode: string | null; participantId: number | null },
): Promise<{ id: number; token: string }> {
  const token = crypto.randomBytes(24).toString('base64url');
  const scores = scoreAnswers(input.version.questionnaire, input.answers);
  const row = await db
    .insertInto('diagnostic_results')
    .values({
      territory_id: input.territoryId,
      questionnaire_id: input.version.id,
      answers: JSON.stringify(input.answers),
      scores: JSON.stringify(scores),
      commune_code: input.communeCode,
      participant_id: input.participantId,
      token_hash: hashToken(token),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

/** How long the link that ties a result to a person stays valid. */
const KEEP_DAYS = 30;

/**
 * Keeps a result: its link is mailed to the address given (through the outbox, in this
 * transaction). When a participant of the territory has that address, the link in their mail
 * also carries a one-time token that ties the result to them when followed (`attachResult`):
 * holding a result's link is not enough to put it in someone else's space. The caller answers
 * the same either way: whether an address is known never shows.
 */
export async function keepResult(db: Db, ctx: DiagnosticMailContext & { territoryId: number }, input: { resultId: number; token: string; email: string }, at = new Date()): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const participant = await tx
      .selectFrom('participants')
      .select('id')
      .where('territory_id', '=', ctx.territoryId)
      .where(sql<boolean>`lower(email) = ${input.email.toLowerCase()}`)
      .executeTakeFirst();
    let keepToken: string | null = null;
    if (participant) {
      keepToken = crypto.randomBytes(24).toString('base64url');
      await tx
        .insertInto('tokens')
        .values({ purpose: 'diagnostic_keep', hash: hashToken(keepToken), subject: JSON.stringify({ result: input.resultId, participant: participant.id }), expires_at: new Date(at.getTime() + KEEP_DAYS * 86400_000).toISOString() })
        .execute();
    }
    await queueResultMail(tx, ctx, { resultId: input.resultId, token: input.token, email: input.email, keepToken });
  });
}

/** Follows the link mailed to a known participant: ties the result to them, once. False for any other token. */
export async function attachResult(db: Db, input: { territoryId: number; resultId: number; keepToken: string }, at = new Date()): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.keepToken)) return false;
  return db.transaction().execute(async (tx) => {
    const used = await tx
      .updateTable('tokens')
      .set({ used_at: at.toISOString() })
      .where('hash', '=', hashToken(input.keepToken))
      .where('purpose', '=', 'diagnostic_keep')
      .where('used_at', 'is', null)
      .where('expires_at', '>', at.toISOString())
      .returning('subject')
      .executeTakeFirst();
    if (!used) return false;
    const subject = JSON.parse(used.subject) as { result: number; participant: number };
    if (subject.result !== input.resultId) throw new KeepMismatch();
    await tx.updateTable('diagnostic_results').set({ participant_id: subject.participant }).where('id', '=', input.resultId).where('territory_id', '=', input.territoryId).where('participant_id', 'is', null).execute();
    await audit(tx, { territoryId: input.territoryId, actor: `participant:${subject.participant}`, action: 'diagnostic.kept', subject: `diagnostic:${input.resultId}` });
    return true;
  }).catch((e: unknown) => {
    // a token of another result: rolled back (the token stays unused), answered like an unknown one
    if (e instanceof KeepMismatch) return false;
    throw e;
  });
}

class KeepMismatch extends Error {}

/** Publishes an edited questionnaire as the next version; null when another save came first (the page was stale). */
export async function publishQuestionnaire(db: Db, input: { territoryId: number; staffId: number; basedOn: number; questionnaire: Questionnaire }): Promise<{ version: number } | null> {
  return db.transaction().execute(async (tx) => {
    const latest = await latestVersion(tx, input.territoryId);
    if (!latest || latest.version !== input.basedOn) return null;
    const inserted = await tx
      .insertInto('diagnostic_questionnaires')
      .values({ territory_id: input.territoryId, version: latest.version + 1, content: JSON.stringify(input.questionnaire), created_by: input.staffId })
      .onConflict((oc) => oc.columns(['territory_id', 'version']).doNothing())
      .returning('version')
      .executeTakeFirst();
    if (!inserted) return null;
    await audit(tx, { territoryId: input.territoryId, actor: `staff:${input.staffId}`, action: 'diagnostic.questionnaire_published', subject: `diagnostic_questionnaire:${inserted.version}` });
    return { version: inserted.version };
  });
}
