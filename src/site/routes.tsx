import type { FastifyPluginAsync } from 'fastify';
import { formatDate, t } from '../platform/i18n/index.js';
import type { CurrentTerritory } from '../platform/programme.js';

/** The day the accessibility statement was last reviewed against the checks above. */
const STATEMENT_DATE = formatDate('2026-11-28T12:00:00Z').replace(/^\S+ /, '');

function contactOf(territory: CurrentTerritory | null) {
  return [territory?.contact_email, territory?.contact_phone].filter(Boolean).join(' — ') || t('app.name');
}

/** The mandatory pages: accessibility statement (RGAA) and legal notice. */
export const siteRoutes: FastifyPluginAsync = async (app) => {
  app.get('/accessibilite', async (request, reply) => {
    const territory = await request.territory();
    const programme = territory?.programme_name ?? t('app.name');
    const status = t(`accessibility.status.${territory?.accessibility_status ?? 'non_conforme'}`);
    return reply.page(
      t('accessibility.title'),
      <article>
        <h1>{t('accessibility.title')}</h1>
        <p>{t('accessibility.body', { publisher: territory?.publisher ?? programme, programme })}</p>
        <h2>{t('accessibility.state')}</h2>
        <p>{t('accessibility.state.text', { programme, status })}</p>
        <p>{t('accessibility.audit')}</p>
        <h2>{t('accessibility.results')}</h2>
        <p>{t('accessibility.results.text')}</p>
        <h2>{t('accessibility.unaccessible')}</h2>
        <p>{t('accessibility.unaccessible.text')}</p>
        <h2>{t('accessibility.made')}</h2>
        <p>{t('accessibility.made.text', { date: STATEMENT_DATE })}</p>
        <p>{t('accessibility.technologies')}</p>
        <p>{t('accessibility.environment')}</p>
        <h2>{t('accessibility.contact')}</h2>
        <p>{t('accessibility.contact.text', { contact: contactOf(territory) })}</p>
        <h2>{t('accessibility.remedy')}</h2>
        <p>{t('accessibility.remedy.text')}</p>
      </article>,
    );
  });

  app.get('/mentions-legales', async (request, reply) => {
    const territory = await request.territory();
    const programme = territory?.programme_name ?? t('app.name');
    return reply.page(
      t('legal.title'),
      <article>
        <h1>{t('legal.title')}</h1>
        <h2>{t('legal.publisher')}</h2>
        <p>{t('legal.publisher.text', { publisher: territory?.publisher ?? programme, programme, funder: territory?.funder ?? '—' })}</p>
        <p>{t('legal.director', { publisher: territory?.publisher ?? programme })}</p>
        <p>{t('legal.contact', { contact: contactOf(territory) })}</p>
        <h2>{t('legal.hosting')}</h2>
        <p>{t('legal.hosting.text')}</p>
        <h2>{t('legal.data')}</h2>
        <p>{t('legal.data.text')}</p>
      </article>,
    );
  });
};
