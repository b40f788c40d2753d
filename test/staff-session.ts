import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { cookiesOf, csrfOf, form } from './app.js';
import type { Executor } from '../src/platform/db/database.js';
import { issueAccessToken } from '../src/registration/tokens.js';
import { openStaffSession, STAFF_COOKIE } from '../src/platform/auth/sessions.js';

/** A browser-like client for inject tests: keeps cookies, signs in, posts forms with their CSRF token. */
export class StaffClient {
  jar: Record<string, string> = {};
  constructor(private readonly app: FastifyInstance) {}

  private cookie() {
    return Object.entries(this.jar).map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ url, headers: { cookie: this.cookie() } });
    this.jar = cookiesOf(res, this.jar);
    return res;
  }

  /** Posts a form from the page at `formPage` (for its CSRF token). */
  async post(url: string, fields: Record<string, string | string[]>, formPage = url): Promise<LightMyRequestResponse> {
    const page = await this.get(formPage);
    const f = form({ _csrf: csrfOf(page.body), ...fields });
    const res = await this.app.inject({ method: 'POST', url, payload: f.payload, headers: { ...f.headers, cookie: this.cookie() } });
    this.jar = cookiesOf(res, this.jar);
    return res;
  }

  /**
   * A client holding a staff session opened without the sign-in page: for an account that cannot sign
   * in on this host (another territory's), to check that its session is not one here.
   */
  static async withSession(app: FastifyInstance, db: Executor, staffUserId: number): Promise<StaffClient> {
    const client = new StaffClient(app);
    client.jar[STAFF_COOKIE] = encodeURIComponent(app.signCookie((await openStaffSession(db, { staffUserId, ttlHours: 8 })).token));
    return client;
  }

  async logIn(email: string, password: string): Promise<this> {
    const res = await this.post('/equipe/connexion', { email, password });
    if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode}`);
    return this;
  }
}

/** A client signed in to a participant's space « Mes inscriptions », as by the e-mailed link. */
export async function participantClient(app: FastifyInstance, db: Executor, participantId: number): Promise<StaffClient> {
  const client = new StaffClient(app);
  const res = await client.get(`/mes-inscriptions/acces?jeton=${await issueAccessToken(db, participantId)}`);
  if (res.statusCode !== 303) throw new Error(`participant sign-in failed: ${res.statusCode}`);
  return client;
}
