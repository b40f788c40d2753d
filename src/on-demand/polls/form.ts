import { t } from '../../platform/i18n/index.js';
import type { FormValues } from '../../platform/forms.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { parisInstantFromFields } from '../../platform/time.js';

export const OPTION_ROWS = [1, 2, 3, 4] as const;

/**
 * Reads the dates proposed in a poll: rows of date, start, end; two to four complete rows, each in
 * the future with its end after its start; the poll closes (end of the chosen day, Paris time)
 * before the first date.
 */
export function readPollForm(values: FormValues, now: Date): { options: Array<{ startsAt: Date; endsAt: Date }>; closesAt: Date | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const options: Array<{ startsAt: Date; endsAt: Date }> = [];
  for (const n of OPTION_ROWS) {
    const date = (values[`date_${n}`] ?? '').trim();
    const start = (values[`start_${n}`] ?? '').trim();
    const end = (values[`end_${n}`] ?? '').trim();
    if (!date && !start && !end) continue;
    const startsAt = parisInstantFromFields(date, start);
    const endsAt = parisInstantFromFields(date, end);
    if (!startsAt) errors[`date_${n}`] = t('ondemand.poll.error.date');
    else if (startsAt <= now) errors[`date_${n}`] = t('planning.error.in_past');
    else if (!endsAt || endsAt <= startsAt) errors[`end_${n}`] = t('planning.error.end_before_start');
    else options.push({ startsAt, endsAt });
  }
  if (options.length + Object.keys(errors).length < 2) errors.date_1 ??= t('ondemand.poll.error.two');
  const closesAt = parisInstantFromFields((values.closes ?? '').trim(), '23:59');
  if (!closesAt) errors.closes = t('ondemand.poll.error.closes');
  else if (closesAt <= now) errors.closes = t('planning.error.in_past');
  else if (options.some((o) => o.startsAt <= closesAt)) errors.closes = t('ondemand.poll.error.closes_after');
  return { options, closesAt, errors };
}

export function pollLabels(): Record<string, string> {
  const labels: Record<string, string> = { venue: t('ondemand.poll.venue'), closes: t('ondemand.poll.closes'), seats: t('planning.field.seats'), facilitator: t('planning.field.facilitator'), _form: t('ondemand.poll.title') };
  for (const n of OPTION_ROWS) {
    labels[`date_${n}`] = t('ondemand.poll.date', { n });
    labels[`start_${n}`] = t('ondemand.poll.start', { n });
    labels[`end_${n}`] = t('ondemand.poll.end', { n });
  }
  return labels;
}
