import type { FastifyReply, FastifyRequest } from 'fastify';
import { t, type MessageKey } from '../platform/i18n/index.js';
import type { CurrentTerritory } from '../platform/programme.js';
import { canPlan } from './policy.js';

const SECTIONS: Array<[string, MessageKey]> = [
  ['/equipe/seances', 'planning.nav.sessions'],
  ['/equipe/seances/planifier', 'planning.nav.bulk'],
  ['/equipe/seances/reprendre', 'planning.nav.duplicate'],
  ['/equipe/ateliers', 'planning.nav.workshops'],
  ['/equipe/lieux', 'planning.nav.venues'],
  ['/equipe/animateurs', 'planning.nav.facilitators'],
  ['/equipe/elus', 'planning.nav.elected'],
  ['/equipe/sessions', 'planning.nav.cycles'],
  ['/equipe/demandes', 'planning.nav.demand'],
  ['/equipe/maintien', 'planning.nav.go_no_go'],
  ['/equipe/contacts', 'planning.nav.contacts'],
  ['/equipe/campagnes', 'planning.nav.campaigns'],
  ['/equipe/campagnes/affiches', 'planning.nav.print'],
  ['/equipe/reseau', 'network.mod.nav'],
  ['/equipe/partenaires', 'planning.nav.partners'],
  ['/equipe/orientations', 'planning.nav.referrals'],
  ['/equipe/diagnostic', 'diagnostic.editor.nav'],
  ['/equipe/personnes', 'privacy.staff.nav'],
];

export function PlanningNav({ current }: { current: string }) {
  return (
    <nav class="subnav" aria-label={t('planning.nav.label')}>
      <ul>
        {SECTIONS.map(([href, key]) => (
          <li key={href}>
            <a href={href} aria-current={href === current ? 'page' : undefined}>
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Links to the previous and next pages, keeping the other query parameters (filters, sort). */
export function Pagination({ path, query, page, pages }: { path: string; query: Record<string, string>; page: number; pages: number }) {
  if (pages <= 1) return null;
  const href = (p: number) => `${path}?${new URLSearchParams({ ...query, page: String(p) }).toString()}`;
  return (
    <nav class="pagination" aria-label={t('planning.pagination')}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              {t('planning.previous')}
            </a>
          </li>
        ) : null}
        <li aria-current="page">{t('planning.page', { page, pages })}</li>
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              {t('planning.next')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** The query string as plain strings (repeated keys keep the first), for filters and pagination. */
export function queryOf(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string' && first !== '') out[k] = first.slice(0, 100);
  }
  return out;
}

export function pageNumber(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export type Planner = { territory: CurrentTerritory; actor: { staffId: number; territoryId: number; mail: { baseUrl: string; programmeName: string; reminderDays: number } } };

/**
 * The back office's gate: anonymous visitors go to the login page; staff who may not plan get
 * the same 404 as a page that does not exist (not found and not allowed look alike).
 */
export async function requirePlanner(request: FastifyRequest, reply: FastifyReply): Promise<Planner | null> {
  if (!request.staff) {
    await reply.redirect('/equipe/connexion', 303);
    return null;
  }
  const territory = await request.territory();
  if (!territory || !canPlan(request.staff, territory.id)) {
    await reply.callNotFound();
    return null;
  }
  const mail = { baseUrl: territory.base_url, programmeName: territory.programme_name ?? 'Boutic', reminderDays: request.server.deps.config.reminderDays };
  return { territory, actor: { staffId: request.staff.id, territoryId: territory.id, mail } };
}

/** A list filtered by one choice (a workshop, a cycle): a GET form, so the filter lives in the URL. */
export function OneFilter(props: { action: string; name: string; label: string; allLabel: string; options: Array<{ id: number; label: string }>; value: number | null }) {
  return (
    <form method="get" action={props.action} class="filters">
      <div class="field">
        <label for={props.name}>{props.label}</label>
        <select id={props.name} name={props.name}>
          <option value="">{props.allLabel}</option>
          {props.options.map((o) => (
            <option key={o.id} value={String(o.id)} selected={o.id === props.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <button type="submit" class="button button-secondary">
          {t('planning.filter')}
        </button>
      </div>
    </form>
  );
}
