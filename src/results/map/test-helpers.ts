import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { cookiesOf, csrfOf } from '../../../test/app.js';
import type { StaffClient } from '../../../test/staff-session.js';
import { projectRoot } from '../../platform/paths.js';

/** The reference contours of ../shared/data (never copied into the repository): see its README. */
export const SHARED_DATA = path.resolve(projectRoot(), '../shared/data');
export const TOPOJSON_2012 = path.join(SHARED_DATA, 'pays-ternois-2012-104.topojson');
export const GEOJSON_TODAY = path.join(SHARED_DATA, 'ternois.geojson');
export const readShared = (file: string) => fs.readFileSync(file);

/** A multipart/form-data body as a browser sends it, built by the platform's own FormData. */
export async function multipartBody(fields: Record<string, string>, files: Array<{ field?: string; name: string; content: string | Buffer }> = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field ?? 'fichier', new Blob([typeof f.content === 'string' ? f.content : Uint8Array.from(f.content)], { type: 'application/octet-stream' }), f.name);
  const response = new Response(form);
  return { payload: Buffer.from(await response.arrayBuffer()), headers: { 'content-type': response.headers.get('content-type')! } };
}

const cookieOf = (client: StaffClient) => Object.entries(client.jar).map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * Posts the upload form as a signed-in person would: the CSRF token taken from the form page
 * (`csrf: false` leaves it out, a string replaces it), the file as multipart.
 */
export async function uploadContours(app: FastifyInstance, client: StaffClient, files: Array<{ field?: string; name: string; content: string | Buffer }>, options: { csrf?: false | string; formPage?: string } = {}): Promise<LightMyRequestResponse> {
  const page = await client.get(options.formPage ?? '/equipe/bilan/contours');
  const token = options.csrf === undefined ? csrfOf(page.body) : options.csrf;
  const body = await multipartBody(token === false ? {} : { _csrf: token }, files);
  const res = await app.inject({ method: 'POST', url: '/equipe/bilan/contours', payload: body.payload, headers: { ...body.headers, cookie: cookieOf(client) } });
  client.jar = cookiesOf(res, client.jar);
  return res;
}

/** The text of the error beside the file field, or null. */
export function fieldError(html: string): string | null {
  return /<p class="error-message" id="fichier-erreur">([^<]*)<\/p>/.exec(html)?.[1] ?? null;
}
