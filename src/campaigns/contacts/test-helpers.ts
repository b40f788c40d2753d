import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { cookiesOf, csrfOf } from '../../../test/app.js';
import type { StaffClient } from '../../../test/staff-session.js';
import { multipartBody } from '../../results/map/test-helpers.js';

const cookieOf = (client: StaffClient) => Object.entries(client.jar).map(([k, v]) => `${k}=${v}`).join('; ');

/** Posts the import form as a signed-in coordinator would (`csrf: false` leaves the token out). */
export async function uploadContacts(
  app: FastifyInstance,
  client: StaffClient,
  file: { name: string; content: string | Buffer } | null,
  fields: Record<string, string> = { base: 'interet_legitime' },
  options: { csrf?: false } = {},
): Promise<LightMyRequestResponse> {
  const page = await client.get('/equipe/contacts/import');
  const token: Record<string, string> = options.csrf === false ? {} : { _csrf: csrfOf(page.body) };
  const body = await multipartBody({ ...token, ...fields }, file ? [file] : []);
  const res = await app.inject({ method: 'POST', url: '/equipe/contacts/import', payload: body.payload, headers: { ...body.headers, cookie: cookieOf(client) } });
  client.jar = cookiesOf(res, client.jar);
  return res;
}

/** The id of the import a successful upload redirected to. */
export function importIdOf(res: LightMyRequestResponse): number {
  const m = /^\/equipe\/contacts\/import\/(\d+)$/.exec(String(res.headers.location));
  if (!m) throw new Error(`no import in ${res.statusCode} ${String(res.headers.location)}: ${res.body.slice(0, 300)}`);
  return Number(m[1]);
}

/** The text of the error beside the file field, or null. */
export function fileError(html: string): string | null {
  return /<p class="error-message" id="fichier-erreur">([^<]*)<\/p>/.exec(html)?.[1] ?? null;
}

/** A CSV text from rows of cells, quoting what needs it. */
export function csv(rows: string[][], delimiter = ';'): string {
  const quote = (v: string) => (v.includes(delimiter) || v.includes('"') || v.includes('\n') ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(quote).join(delimiter)).join('\r\n') + '\r\n';
}
