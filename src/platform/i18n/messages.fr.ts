/**
 * The French message catalogue. Every text shown to a person comes from here (or from another
 * language's catalogue of the same shape). Keys are typed: a missing key fails the build.
 * `{name}` marks a parameter. One file per area under ./fr/, so that areas change independently.
 */
import { common } from './fr/common.js';
import { catalogue } from './fr/catalogue.js';
import { feeds } from './fr/feeds.js';
import { planning } from './fr/planning.js';
import { mail } from './fr/mail.js';
import { registration } from './fr/registration.js';
import { facilitation } from './fr/facilitation.js';
import { documents } from './fr/documents.js';
import { questions } from './fr/questions.js';
import { noshows } from './fr/noshows.js';
import { ondemand } from './fr/ondemand.js';
import { gonogo } from './fr/gonogo.js';
import { results } from './fr/results.js';
import { resultsExport } from './fr/results-export.js';
import { surveys } from './fr/surveys.js';
import { map } from './fr/map.js';
import { report } from './fr/report.js';
import { campaigns } from './fr/campaigns.js';
import { print } from './fr/print.js';
import { contacts } from './fr/contacts.js';
import { pathway } from './fr/pathway.js';
import { network } from './fr/network.js';
import { referrals } from './fr/referrals.js';
import { diagnostic } from './fr/diagnostic.js';
import { privacy } from './fr/privacy.js';
import { register } from './fr/register.js';
import { security } from './fr/security.js';
import { territories } from './fr/territories.js';

export const fr = { ...common, ...catalogue, ...feeds, ...planning, ...registration, ...mail, ...facilitation, ...documents, ...questions, ...noshows, ...ondemand, ...gonogo, ...results, ...resultsExport, ...surveys, ...map, ...report, ...campaigns, ...print, ...contacts, ...pathway, ...network, ...referrals, ...diagnostic, ...privacy, ...register, ...security, ...territories } as const;

export type MessageKey = keyof typeof fr;
export type Catalogue = Record<MessageKey, string>;
