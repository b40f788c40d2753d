import type { Created, Id } from './schema.js';

// The pathway's tables (issue 9): the self-diagnostic. Part of `DB` in schema.ts.
/** One version of a territory's questionnaire: questions and rules as JSON (src/pathway/diagnostic/questionnaire.ts). */
export interface DiagnosticQuestionnaireTable {
  id: Id;
  territory_id: number;
  version: number;
  content: string; // JSON: Questionnaire
  published_at: Created;
  created_by: number | null;
}

/** One diagnostic taken: the answers as given, the scores per theme, reached by a hashed link. */
export interface DiagnosticResultTable {
  id: Id;
  territory_id: number;
  questionnaire_id: number;
  answers: string; // JSON: { [questionKey]: choiceKey }
  scores: string; // JSON: { [themeKey]: 0..100 }
  commune_code: string | null;
  participant_id: number | null;
  token_hash: string;
  created_at: Created;
}

