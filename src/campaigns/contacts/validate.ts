import { z } from 'zod';
import type { Sector } from '../../platform/db/schema.js';
import { isValidSiret, normaliseSiret, toE164 } from '../../registration/identity.js';
import type { ContactTableData, Delimiter, Encoding } from './parse.js';
import { normaliseLabel, type ContactField, type Mapping } from './mapping.js';

import { emailHash } from '../unsubscribe.js';

/** Lines refused (not imported) and lines imported with a remark. */
export const ERROR_KINDS = ['email', 'siret', 'formula', 'unsubscribed'] as const;
export const WARNING_KINDS = ['commune', 'phone', 'sector', 'duplicate_email', 'duplicate_siret', 'existing_email', 'existing_siret'] as const;
export type IssueKind = (typeof ERROR_KINDS)[number] | (typeof WARNING_KINDS)[number];

/** At most this many lines are listed per kind; the counts cover them all. */
export const LISTED_PER_KIND = 200;
export const PREVIEW_ROWS = 20;

export interface ContactDraft {
  line: number;
  email: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  siret: string | null;
  sector: Sector | null;
  commune_code: string | null;
  phone: string | null;
  /** an existing contact of the territory with this address: its empty fields are filled */
  existing: boolean;
}

export interface ImportReport {
  encoding: Encoding;
  delimiter: Delimiter | null;
  lines: number; // non-empty lines after the header
  toCreate: number;
  toUpdate: number;
  refused: number;
  issues: Record<IssueKind, { count: number; lines: Array<{ line: number; value: string }> }>;
  preview: ContactDraft[];
}

export interface ValidationContext {
  communes: Array<{ insee_code: string; name: string; postcodes: string; former_codes: string | null }>;
  unsubscribed: Set<string>;
  /** the territory's contacts by e-mail, with the fields an import may complete */
  existing: Map<string, KnownContact>;
}

const emailSchema = z.email();
/** The fields a later line (or an import, for a known contact) fills when they are empty. */
export const FILLABLE = ['first_name', 'last_name', 'company', 'siret', 'sector', 'commune_code', 'phone'] as const;
export type KnownContact = Pick<ContactDraft, (typeof FILLABLE)[number]>;

/** Words that tell a sector, tried in order on the normalised text of the file's cell. */
const SECTOR_WORDS: Array<[Sector, RegExp]> = [
  ['agriculture', /\b(agricult\w*|agricole|ferme|elevage|eleveur|maraich\w*|exploitation)\b/],
  ['tourisme', /\b(touris\w*|hotel\w*|gite\w*|camping|restaura\w*|hebergement|chambres? d hotes)\b/],
  ['artisanat', /\b(artisan\w*|boulang\w*|patisserie|boucher\w*|plomb\w*|menuis\w*|coiff\w*|macon\w*|electricien|batiment|btp|garage)\b/],
  ['commerce', /\b(commerce\w*|commercant|boutique|magasin|vente|epicerie|negoce)\b/],
  ['industrie', /\b(industri\w*|usine|fabrication|manufacture)\b/],
  ['services', /\b(services?|conseil|comptab\w*|assurance|informatique|transport|sante|liberale?)\b/],
  ['autre', /\bautres?\b/],
];

export function sectorOf(text: string): Sector | null {
  const label = normaliseLabel(text);
  return SECTOR_WORDS.find(([, re]) => re.test(label))?.[0] ?? null;
}

/** A commune's name compared without accents, case, hyphens or apostrophes; « St » is « Saint ». */
const communeKey = (name: string) => normaliseLabel(name).replace(/\bste\b/g, 'sainte').replace(/\bst\b/g, 'saint');

/** The territory's commune for a line: its INSEE code (current or merged), or its postcode and name. */
export function communeMatcher(communes: ValidationContext['communes']) {
  const byCode = new Map<string, string>();
  for (const c of communes) {
    byCode.set(c.insee_code, c.insee_code);
    for (const former of (c.former_codes ?? '').split(',').filter(Boolean)) if (!byCode.has(former)) byCode.set(former, c.insee_code);
  }
  const keyed = communes.map((c) => ({ code: c.insee_code, key: communeKey(c.name), postcodes: c.postcodes.split(',').map((p) => p.trim()) }));
  return (input: { insee: string; name: string; postcode: string }): string | null => {
    if (input.insee) return byCode.get(input.insee.toUpperCase()) ?? null;
    if (/^\d[\dAB]\d{3}$/.test(input.name) && byCode.has(input.name)) return byCode.get(input.name)!;
    const postcode = input.postcode.replace(/\s/g, '');
    let candidates = keyed;
    if (input.name) candidates = candidates.filter((c) => c.key === communeKey(input.name));
    if (postcode) candidates = candidates.filter((c) => c.postcodes.includes(postcode));
    return candidates.length === 1 ? candidates[0]!.code : null;
  };
}

/** A cell that a spreadsheet would run: = + - @ first (a lone « - » means empty and is not one). */
const looksLikeFormula = (value: string) => /^[=+\-@]/.test(value) && value !== '-';

/**
 * Checks every line of a file against a mapping and the territory's state: what would be
 * created, what would fill an existing contact, what is refused and why, with line numbers.
 * Pure: the same file, mapping and context give the same drafts and report.
 */
export function validateContacts(table: ContactTableData, mapping: Mapping, context: ValidationContext): { drafts: ContactDraft[]; report: ImportReport } {
  const issues = Object.fromEntries([...ERROR_KINDS, ...WARNING_KINDS].map((k) => [k, { count: 0, lines: [] as Array<{ line: number; value: string }> }])) as ImportReport['issues'];
  const note = (kind: IssueKind, line: number, value: string) => {
    const entry = issues[kind];
    entry.count++;
    if (entry.lines.length < LISTED_PER_KIND) entry.lines.push({ line, value: value.slice(0, 200) });
  };
  const matchCommune = communeMatcher(context.communes);
  const drafts: ContactDraft[] = [];
  const byEmail = new Map<string, ContactDraft>();
  const bySiret = new Map<string, ContactDraft>();
  let lines = 0;
  let refused = 0;

  table.rows.forEach((row, index) => {
    if (row.length === 0) return;
    const line = index + 2;
    lines++;
    const cell = (field: ContactField) => {
      const i = mapping[field];
      const v = i === null ? '' : (row[i] ?? '').trim();
      return v === '-' ? '' : v;
    };
    // a formula has no business in a contacts file: the line is refused, never stored neutralised
    const formula = (['email', 'first_name', 'last_name', 'company', 'siret', 'commune', 'postcode', 'insee', 'sector'] as const).find((f) => looksLikeFormula(cell(f)));
    if (formula) {
      refused++;
      return note('formula', line, cell(formula));
    }
    const email = cell('email').toLowerCase();
    if (!email || email.length > 254 || !emailSchema.safeParse(email).success) {
      refused++;
      return note('email', line, cell('email'));
    }
    if (context.unsubscribed.has(emailHash(email))) {
      refused++;
      return note('unsubscribed', line, email);
    }
    const siret = normaliseSiret(cell('siret'));
    if (siret !== null && !isValidSiret(siret)) {
      refused++;
      return note('siret', line, cell('siret'));
    }
    const communeGiven = cell('insee') || cell('commune') || cell('postcode');
    const commune_code = communeGiven ? matchCommune({ insee: cell('insee'), name: cell('commune'), postcode: cell('postcode') }) : null;
    if (communeGiven && !commune_code) note('commune', line, [cell('insee'), cell('postcode'), cell('commune')].filter(Boolean).join(' '));
    const phoneText = cell('phone');
    const phone = phoneText ? toE164(phoneText) : null;
    if (phoneText && !phone) note('phone', line, phoneText);
    const sectorText = cell('sector');
    const sector = sectorText ? sectorOf(sectorText) : null;
    if (sectorText && !sector) note('sector', line, sectorText);
    const text = (f: ContactField, max: number) => cell(f).slice(0, max) || null;
    const draft: ContactDraft = {
      line,
      email,
      first_name: text('first_name', 80),
      last_name: text('last_name', 80),
      company: text('company', 150),
      siret,
      sector,
      commune_code,
      phone,
      existing: context.existing.has(email),
    };

    /** One contact from two lines: the later fills what the earlier left empty (never its address). */
    const mergeInto = (target: ContactDraft) => {
      for (const f of FILLABLE) if (target[f] === null && draft[f] !== null) (target as unknown as Record<string, unknown>)[f] = draft[f];
    };
    const earlier = byEmail.get(email);
    if (earlier) {
      mergeInto(earlier);
      return note('duplicate_email', line, `${email} (ligne ${earlier.line})`);
    }
    if (siret) {
      // one business, one contact: a SIRET seen higher up in the file takes this line in, keeping
      // the first address (so a campaign writes to the business once); the report names both
      const sameSiret = bySiret.get(siret);
      if (sameSiret) {
        mergeInto(sameSiret);
        return note('duplicate_siret', line, `${siret} (ligne ${sameSiret.line} : ${sameSiret.email} gardé, ${email} écarté)`);
      }
      // …and a business already among the contacts is completed, under its known address
      const knownEmail = draft.existing ? null : existingSiret(context, siret);
      if (knownEmail) {
        const known = byEmail.get(knownEmail);
        note('existing_siret', line, `${siret} (${knownEmail} gardé, ${email} écarté)`);
        if (known) return mergeInto(known);
        draft.email = knownEmail;
        draft.existing = true;
      }
      bySiret.set(siret, draft);
    }
    if (draft.existing && draft.email === email) note('existing_email', line, email);
    byEmail.set(draft.email, draft);
    drafts.push(draft);
  });

  const toUpdate = drafts.filter((d) => d.existing).length;
  return {
    drafts,
    report: { encoding: table.encoding, delimiter: table.delimiter, lines, toCreate: drafts.length - toUpdate, toUpdate, refused, issues, preview: drafts.slice(0, PREVIEW_ROWS) },
  };
}

const siretIndexes = new WeakMap<ValidationContext['existing'], Map<string, string>>();
/** The address of the territory's contact with this SIRET (the first one, by address), or null. */
function existingSiret(context: ValidationContext, siret: string): string | null {
  let index = siretIndexes.get(context.existing);
  if (!index) {
    index = new Map();
    for (const [email, c] of [...context.existing].sort(([a], [b]) => a.localeCompare(b))) if (c.siret && !index.has(c.siret)) index.set(c.siret, email);
    siretIndexes.set(context.existing, index);
  }
  return index.get(siret) ?? null;
}
