/**
 * A client of the public registration form of a running Boutic process (127.0.0.1 only), for the
 * operations tests (backup while registering, kill -9 in a burst): it records every answer.
 */
import { spawn } from 'node:child_process';
import { nodeArgs } from '../scripts/run-ts.js';

export type Answer = { email: string; outcome: 'confirmed' | 'waitlisted' | 'already' | 'refused' | 'no-answer'; status?: number };

export async function openForm(base: string, sessionId: number) {
  const res = await fetch(`${base}/seances/${sessionId}/inscription`);
  const html = await res.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no form at ${base}/seances/${sessionId}/inscription (${res.status})`);
  return { base, sessionId, token, cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
}

/** Submits one registration; the outcome is read from the page's title (the answer the person sees). */
export async function register(form: Awaited<ReturnType<typeof openForm>>, email: string, i: number): Promise<Answer> {
  const body = new URLSearchParams({ _csrf: form.token, first_name: 'Camille', last_name: `Personne ${i}`, email, company: `Entreprise ${i}`, sector: 'commerce', commune: '62767', level: 'debutant' });
  try {
    const res = await fetch(`${form.base}/seances/${form.sessionId}/inscription`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie } });
    const html = await res.text();
    if (res.status !== 200) return { email, outcome: 'refused', status: res.status };
    const outcome = /Votre inscription est confirmée/.test(html) ? 'confirmed' : /liste d’attente/.test(html) ? 'waitlisted' : /déjà inscrit/.test(html) ? 'already' : 'refused';
    return { email, outcome, status: 200 };
  } catch {
    return { email, outcome: 'no-answer' };
  }
}

/** Runs a script of scripts/ as a separate process (npm run backup / restore), collecting its output. */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [...nodeArgs(script), ...args], { env: { ...process.env, NODE_ENV: 'development', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out: out.trim() })));
}
