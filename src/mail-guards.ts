import type { MailGuard } from './platform/mail/worker.js';
import { certificateValid } from './facilitation/certificates.js';
import { registrationLive } from './registration/guards.js';
import { surveyOpen } from './results/surveys/schedule.js';
import { campaignOpen } from './campaigns/messages/send.js';

/**
 * Every outbox guard by the name a message carries: checked by the worker just before sending, so
 * a message made stale meanwhile (a cancelled registration, a withdrawn certificate, a survey
 * already answered) is skipped rather than sent.
 */
export const MAIL_GUARDS: Record<string, MailGuard> = {
  registration_live: registrationLive,
  certificate_valid: certificateValid,
  survey_open: surveyOpen,
  campaign_open: campaignOpen,
};
