import { csvSync } from '../platform/csv.js';
import { t } from '../platform/i18n/index.js';
import { parisParts } from '../platform/time.js';
import { addressParts } from './address.js';
import type { OpenDataVenue } from './queries.js';

/**
 * The columns of the national standard for digital-mediation places (LaMednum/standard-mediation-num
 * v1.0.2, ../shared/data/schema-lieux-mediation-numerique.json), in its order. The schema file is not
 * shipped with Boutic: the tests check this list and every row against it.
 */
export const MEDIATION_COLUMNS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;

export type MediationColumn = (typeof MEDIATION_COLUMNS)[number];
type MediationRow = Record<MediationColumn, string>;

// Values of the standard's closed vocabularies (not UI text: they must match the schema to the letter).
const SERVICES = ['Maîtrise des outils numériques du quotidien', 'Utilisation sécurisée du numérique', 'Compréhension du monde numérique'];
const FREE = 'Gratuit';
const FIXED = 'Fixe';
const IN_GROUP = 'Dans un atelier collectif';
const WHEELCHAIR = 'Handicaps moteurs';
const ACCESS = { online: 'Prendre un RDV en ligne', phone: 'Téléphoner', mail: 'Contacter par mail' };

/** Columns typed by people: a spreadsheet must not run them as formulas (CSV injection). */
const FREE_TEXT = new Set<MediationColumn>([
  'id',
  'nom',
  'commune',
  'adresse',
  'complement_adresse',
  'typologie',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'structure_parente',
  'autres_formations_labels',
  'fiche_acces_libre',
  'prise_rdv',
]);

const SUMMARY_MAX = 280;

/** A leading =, +, -, @, tab or CR makes a spreadsheet read a formula: an apostrophe keeps it text. */
export function protectFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

// French overseas numbers keep their own country code in E.164 (0590 … → +590 590 …).
const OVERSEAS: Record<string, string> = {
  '0590': '+590', '0690': '+590', '0594': '+594', '0694': '+594', '0596': '+596', '0696': '+596',
  '0262': '+262', '0692': '+262', '0693': '+262', '0269': '+262', '0639': '+262',
};
const SCHEMA_PHONE = /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$/;

/** « 03 21 00 00 00 » → « +33321000000 »; '' when the number cannot be put in the standard's form. */
export function toE164(phone: string | null): string {
  if (!phone) return '';
  const compact = phone.replace(/[\s.\-()\u00A0\u202F]/g, '').replace(/^00/, '+');
  if (SCHEMA_PHONE.test(compact)) return compact;
  if (!/^0[1-9]\d{8}$/.test(compact)) return '';
  const overseas = OVERSEAS[compact.slice(0, 4)];
  return overseas ? `${overseas}${compact.slice(1)}` : `+33${compact.slice(1)}`;
}

/** Opening hours go in `horaires` only when already in OpenStreetMap form, as the standard asks. */
function isOsmOpeningHours(text: string): boolean {
  return /^(Mo|Tu|We|Th|Fr|Sa|Su|PH|24\/7)\b[\w\s:,;\-+/]*$/.test(text.trim());
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

export interface VenuesCsvContext {
  baseUrl: string;
  territorySlug: string;
  /** SIREN of the intercommunality: the pivot of a venue that has no SIRET of its own. */
  epciCode: string | null;
  programmeName: string;
  publisher: string;
  contactPhone: string | null;
  contactEmail: string | null;
}

function mediationRow(v: OpenDataVenue, ctx: VenuesCsvContext): MediationRow {
  const address = addressParts(v.address, v.commune_name, v.postcodes);
  const phone = toE164(v.contact_phone ?? ctx.contactPhone);
  const email = v.contact_email ?? ctx.contactEmail ?? '';
  const venuePage = `${ctx.baseUrl}/lieux/${encodeURIComponent(v.slug)}`;
  const hours = v.opening_hours?.trim() ?? '';
  const osmHours = hours && isOsmOpeningHours(hours);
  const detail = [
    t('feeds.csv.workstations', { count: v.workstations }),
    v.equipment ? t('feeds.csv.equipment', { equipment: v.equipment.replace(/\.$/, '') }) : null,
    hours && !osmHours ? t('feeds.csv.hours', { hours: hours.replace(/\.$/, '') }) : null,
    v.accessible_prm ? t('feeds.csv.accessible') : t('feeds.csv.not_accessible'),
  ];
  const row: MediationRow = {
    id: `${ctx.territorySlug}-${v.slug}`,
    pivot: (v.pivot ?? ctx.epciCode ?? '').replace(/\s/g, ''),
    nom: v.name,
    commune: address.commune,
    code_postal: address.postcode,
    code_insee: v.commune_code,
    adresse: address.street,
    complement_adresse: '',
    latitude: v.latitude === null ? '' : String(v.latitude),
    longitude: v.longitude === null ? '' : String(v.longitude),
    typologie: '',
    telephone: phone,
    courriels: email,
    site_web: v.website ?? venuePage,
    horaires: osmHours ? hours : '',
    presentation_resume: t('feeds.csv.summary', { venue: v.name, programme: ctx.programmeName }),
    presentation_detail: detail.filter(Boolean).join(' '),
    source: t('feeds.csv.source', { programme: ctx.programmeName, publisher: ctx.publisher }),
    itinerance: FIXED,
    structure_parente: ctx.publisher,
    date_maj: parisParts(new Date(v.updated_at ?? v.created_at)).date,
    services: SERVICES.join('|'),
    publics_specifiquement_adresses: '',
    prise_en_charge_specifique: v.accessible_prm ? WHEELCHAIR : '',
    frais_a_charge: FREE,
    dispositif_programmes_nationaux: '',
    formations_labels: '',
    autres_formations_labels: '',
    modalites_acces: [ACCESS.online, phone ? ACCESS.phone : null, email ? ACCESS.mail : null].filter(Boolean).join('|'),
    modalites_accompagnement: IN_GROUP,
    fiche_acces_libre: '',
    prise_rdv: venuePage,
  };
  for (const column of FREE_TEXT) row[column] = protectFormula(row[column]);
  row.presentation_resume = truncate(row.presentation_resume, SUMMARY_MAX);
  return row;
}

/** The venues as CSV in the national standard: header of the schema's names, RFC 4180 quoting, UTF-8. */
export function venuesCsv(venues: OpenDataVenue[], ctx: VenuesCsvContext): string {
  const rows = venues.map((v) => mediationRow(v, ctx));
  return csvSync().stringify(rows, { header: true, columns: [...MEDIATION_COLUMNS], record_delimiter: 'windows', quoted_match: /^\s|\s$/ });
}
