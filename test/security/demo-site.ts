import type { TestApp } from '../app.js';
import { seedDemo, type DemoResult } from '../../src/demo/seed.js';
import { Client, crawl, formsOf, mailedLinks, participantSignIn, richParticipant, routeOf, routesOf, signIn, type PageForm, type Route, type Visit } from './site.js';

export interface DemoSite {
  demo: DemoResult;
  routes: Route[];
  clients: Map<string, Client>;
  participantId: number;
  visits: Visit[];
  /** every POST form seen, by route pattern, first seen first. */
  forms: Map<string, PageForm[]>;
  /** signs a role in again (after a form that signs out). */
  refresh(role: string): Promise<Client>;
}

export const ROLES = ['coordinator', 'administrator', 'facilitator', 'partner', 'elected', 'participant', 'anonymous'] as const;

const STAFF_STARTS = ['/equipe', '/'];
const PUBLIC_STARTS = ['/', '/ateliers', '/calendrier', '/ateliers/demande', '/diagnostic', '/mes-inscriptions/lien', '/bilan', '/reseau', '/equipe/connexion'];

/** The demo seeded, each role signed in, every page each role reaches walked, and the forms on them. */
export async function demoSite(t: TestApp, options: { perRoute?: number } = {}): Promise<DemoSite> {
  const demo = await seedDemo(t.database.db);
  const routes = routesOf(t.app);
  const participantId = await richParticipant(t.database.db);
  const links = await mailedLinks(t, demo.territoryId);
  const make = async (role: string): Promise<Client> => {
    if (role === 'participant') return participantSignIn(t, participantId);
    if (role === 'anonymous') return new Client(t.app, 'anonymous');
    if (role === 'facilitator') return signIn(t, demo, role, 'animation.saintpol@boutic.localhost');
    return signIn(t, demo, role);
  };
  const clients = new Map<string, Client>();
  for (const role of ROLES) clients.set(role, await make(role));
  const visits: Visit[] = [];
  const forms = new Map<string, PageForm[]>();
  for (const role of ROLES) {
    const starts = role === 'participant' ? ['/mes-inscriptions', '/reseau', '/reseau/profil', '/reseau/projets', '/reseau/conversations', '/mes-inscriptions/orientation', ...PUBLIC_STARTS] : role === 'anonymous' ? [...PUBLIC_STARTS, ...links] : [...STAFF_STARTS, ...PUBLIC_STARTS];
    const seen = await crawl(clients.get(role)!, routes, starts, options.perRoute ?? 2);
    visits.push(...seen);
    for (const v of seen) {
      for (const f of formsOf(v.body, v.url, role)) {
        if (f.method !== 'post') continue;
        const route = routeOf(routes, 'POST', f.action);
        if (!route) continue;
        const list = forms.get(route.url) ?? [];
        if (!list.some((x) => x.action === f.action && x.role === f.role)) list.push(f);
        forms.set(route.url, list);
      }
    }
  }
  return {
    demo,
    routes,
    clients,
    participantId,
    visits,
    forms,
    async refresh(role: string) {
      const c = await make(role);
      clients.set(role, c);
      return c;
    },
  };
}
