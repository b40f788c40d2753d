import type { ComponentChildren } from 'preact';
import { t } from '../i18n/index.js';

export interface LayoutContext {
  programme: { name: string; funder: string; accessibilityStatus: 'non_conforme' | 'partiellement_conforme' | 'totalement_conforme' } | null;
  staff: { displayName: string } | null;
  csrfToken: string;
}

export interface LayoutProps {
  title: string;
  ctx: LayoutContext;
  children: ComponentChildren;
  /** A short message shown above the content (after a redirect), announced politely. */
  notice?: string | undefined;
}

/** The page frame: skip link, header with navigation, main, footer with the mandatory RGAA and legal links. */
export function Layout({ title, ctx, children, notice }: LayoutProps) {
  const siteName = ctx.programme?.name ?? t('app.name');
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${siteName}`}</title>
        <link rel="stylesheet" href="/static/css/boutic.css" />
        <link rel="stylesheet" href="/static/css/print.css" media="print" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script src="/static/js/boutic.js" defer />
      </head>
      <body>
        <a class="skip-link" href="#contenu">
          {t('layout.skip')}
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href="/">
              <span class="brand-name">{siteName}</span>
              <span class="brand-tagline">{t('app.tagline')}</span>
            </a>
            <nav aria-label={t('layout.nav.label')}>
              <ul class="nav">
                <li>
                  <a href="/">{t('layout.nav.home')}</a>
                </li>
                <li>
                  <a href="/ateliers">{t('layout.nav.workshops')}</a>
                </li>
                <li>
                  <a href="/calendrier">{t('layout.nav.calendar')}</a>
                </li>
                {ctx.staff ? (
                  <>
                    <li>
                      <a href="/equipe">{t('layout.nav.backoffice')}</a>
                    </li>
                    <li>
                      <form method="post" action="/equipe/deconnexion" class="inline-form">
                        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                        <button type="submit" class="link-button">
                          {t('layout.nav.logout')}
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <li>
                    <a href="/equipe/connexion">{t('layout.nav.staff')}</a>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="contenu" tabIndex={-1} class="wrap">
          {notice ? (
            <p class="notice" role="status">
              {notice}
            </p>
          ) : null}
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            {ctx.programme ? <p>{t('layout.footer.funder', { funder: ctx.programme.funder })}</p> : null}
            <ul class="footer-links">
              <li>
                <a href="/accessibilite">
                  {t('layout.footer.accessibility', {
                    status: t(`accessibility.status.${ctx.programme?.accessibilityStatus ?? 'non_conforme'}`),
                  })}
                </a>
              </li>
              <li>
                <a href="/mentions-legales">{t('layout.footer.legal')}</a>
              </li>
              <li>
                <a href="/confidentialite">{t('layout.footer.privacy')}</a>
              </li>
              <li>
                <a href="/bilan">{t('layout.footer.results')}</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
