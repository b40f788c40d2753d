/** The contact's fields that a file's columns can fill, in the order of the mapping form. */
export const CONTACT_FIELDS = ['email', 'first_name', 'last_name', 'company', 'siret', 'commune', 'postcode', 'insee', 'sector', 'phone'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** The column (index in the file's headers) read for each field, or null when none. */
export type Mapping = Record<ContactField, number | null>;

/** Lower case, no accents, words separated by one space: « E-mail » and « e mail » compare equal. */
export function normaliseLabel(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Headers known for each field: exact (normalised) names first, then words the header contains. */
const EXACT: Record<ContactField, string[]> = {
  email: ['email', 'e mail', 'mail', 'courriel', 'adresse mail', 'adresse e mail', 'adresse email', 'adresse electronique', 'adresse courriel'],
  first_name: ['prenom', 'prenoms'],
  last_name: ['nom', 'nom de famille', 'nom du dirigeant', 'nom dirigeant'],
  company: ['entreprise', 'raison sociale', 'societe', 'denomination', 'etablissement', 'nom de l entreprise', 'enseigne'],
  siret: ['siret', 'n siret', 'no siret', 'numero siret', 'num siret'],
  commune: ['commune', 'ville', 'localite'],
  postcode: ['code postal', 'cp', 'cp commune'],
  insee: ['code insee', 'insee', 'code commune', 'code commune insee'],
  sector: ['secteur', 'activite', 'secteur d activite', 'secteur activite'],
  phone: ['telephone', 'tel', 'portable', 'mobile', 'telephone portable', 'numero de telephone'],
};
const CONTAINS: Array<[ContactField, RegExp]> = [
  ['email', /\b(e ?mail|courriel)\b/],
  ['siret', /\bsiret\b/],
  ['insee', /\binsee\b/],
  ['postcode', /\bcode postal\b/],
  ['first_name', /\bprenom/],
  ['company', /\b(entreprise|raison sociale|societe|denomination)\b/],
  ['phone', /\b(telephone|tel|portable)\b/],
  ['sector', /\b(secteur|activite)\b/],
  ['commune', /\b(commune|ville)\b/],
  ['last_name', /\bnom\b/],
];

/** The likely column of each field, from the headers (each column used once). */
export function guessMapping(headers: string[]): Mapping {
  const mapping = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, null])) as Mapping;
  const labels = headers.map(normaliseLabel);
  const used = new Set<number>();
  for (const field of CONTACT_FIELDS) {
    const i = labels.findIndex((l, i) => !used.has(i) && EXACT[field].includes(l));
    if (i >= 0) {
      mapping[field] = i;
      used.add(i);
    }
  }
  for (const [field, pattern] of CONTAINS) {
    if (mapping[field] !== null) continue;
    const i = labels.findIndex((l, i) => !used.has(i) && pattern.test(l));
    if (i >= 0) {
      mapping[field] = i;
      used.add(i);
    }
  }
  return mapping;
}

/**
 * The mapping chosen in the preview form: one select per field whose value is a column index
 * (or empty for none). The e-mail is required; unknown indexes are refused, not ignored.
 */
export function mappingFromForm(body: Record<string, string>, headers: string[]): { ok: true; mapping: Mapping } | { ok: false; errors: Partial<Record<ContactField, 'required' | 'invalid'>> } {
  const mapping = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, null])) as Mapping;
  const errors: Partial<Record<ContactField, 'required' | 'invalid'>> = {};
  for (const field of CONTACT_FIELDS) {
    const raw = body[`col_${field}`] ?? '';
    if (raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n >= headers.length) errors[field] = 'invalid';
    else mapping[field] = n;
  }
  if (mapping.email === null && !errors.email) errors.email = 'required';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, mapping };
}

export function parseStoredMapping(json: string | null, headers: string[]): Mapping {
  if (!json) return guessMapping(headers);
  return JSON.parse(json) as Mapping;
}
