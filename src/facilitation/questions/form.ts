import { z } from 'zod';
import { t } from '../../platform/i18n/index.js';
import { fields } from '../../platform/forms.js';

export const QUESTION_MAX = 500;
export const ANSWER_MAX = 2000;
export const NOTES_MAX = 5000;

/** A question asked at the session, with the facilitator's short answer (may come later). */
export const questionForm = z.object({
  question: fields.text(QUESTION_MAX),
  answer: fields.optionalText(ANSWER_MAX),
});
export type QuestionInput = z.output<typeof questionForm>;

export const notesForm = z.object({ notes: fields.optionalText(NOTES_MAX) });

export const questionLabels = () => ({ question: t('questions.field.question'), answer: t('questions.field.answer'), _form: t('questions.add.title') });
