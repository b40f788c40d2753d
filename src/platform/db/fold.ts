/**
 * Accent- and case-insensitive search on both databases: `search_fold(text)` lowercases and
 * strips the diacritics of the Latin letters French names use (« Émile » and « EMILE » both read
 * « emile »). PostgreSQL gets it as an immutable SQL function (migration 0012, `translate` then
 * `lower`); SQLite from the application (database.ts), with the same two strings, so the two
 * databases answer alike — `fold.test.ts` compares them.
 */
export const FOLD_FROM = 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸ';
export const FOLD_TO = 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyY';

const MAP = new Map([...FOLD_FROM].map((c, i) => [c, FOLD_TO[i]!]));

/** What `search_fold` gives in SQL: each listed letter replaced, then lowercased (ASCII and beyond). */
export function searchFold(text: string): string {
  let out = '';
  for (const c of text) out += MAP.get(c) ?? c;
  return out.toLowerCase();
}
