import { formatDate, formatSlot, t, type MessageKey } from '../platform/i18n/index.js';
import { safeWebUrl } from '../catalogue/format.js';
import type { NextWorkshop } from './path.js';

const reasonText = (w: NextWorkshop) =>
  w.reason === 'diagnostic'
    ? t('pathway.reason.diagnostic')
    : w.reason === 'continuation'
      ? t('pathway.reason.continuation', { workshop: w.after ?? '' })
      : w.reason === 'same_theme'
        ? t('pathway.reason.same_theme', { workshop: w.after ?? '' })
        : t('pathway.reason.first_steps');

/** « Pour aller plus loin » in « Mes inscriptions »: the next workshops, each with its next session or a way to ask for one. */
export function NextWorkshops({ workshops, diagnosticAt = null }: { workshops: NextWorkshop[]; diagnosticAt?: string | null }) {
  return (
    <section aria-labelledby="aller-plus-loin">
      <h2 id="aller-plus-loin">{t('pathway.next.title')}</h2>
      <p>
        {diagnosticAt ? `${t('pathway.diagnostic.taken', { date: formatDate(diagnosticAt) })} ` : `${t('pathway.diagnostic.none')} `}
        <a href="/diagnostic">{diagnosticAt ? t('pathway.diagnostic.again') : t('pathway.diagnostic.take')}</a>
      </p>
      {workshops.length ? (
        <ul class="session-list">
          {workshops.map((w) => (
            <li key={w.id} class="session-card">
              <h3>
                <a href={`/ateliers/${encodeURIComponent(w.slug)}`}>{w.title}</a>
              </h3>
              <p>{reasonText(w)}</p>
              {w.next ? (
                <>
                  <p class="session-when">{t('pathway.next.session', { when: formatSlot(w.next.starts_at, w.next.ends_at), venue: w.next.venue_name, commune: w.next.commune_name })}</p>
                  <p>
                    <a class="button" href={`/seances/${w.next.id}/inscription`}>
                      {t('pathway.next.register')}
                      <span class="visually-hidden">{` : ${w.title}`}</span>
                    </a>
                  </p>
                </>
              ) : (
                <p>
                  {t('pathway.next.none')}{' '}
                  <a href={`/ateliers/demande?atelier=${encodeURIComponent(w.slug)}`}>
                    {t('pathway.next.ask')}
                    <span class="visually-hidden">{` : ${w.title}`}</span>
                  </a>
                </p>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('pathway.next.empty')}</p>
      )}
    </section>
  );
}

type Offer = { id: number; title: string; url: string | null; partner_name: string };
type Referral = { id: number; status: string; status_at: string | null; created_at: string; partner_name: string; offer_title: string | null };

/** « Se former avec les chambres »: the trainings suited to the leader, their referrals and a way to ask for one. */
export function PartnerPath({ offers, referrals }: { offers: Offer[]; referrals: Referral[] }) {
  return (
    <section aria-labelledby="chambres">
      <h2 id="chambres">{t('pathway.partners.title')}</h2>
      {offers.length ? (
        <>
          <p>{t('pathway.partners.intro')}</p>
          <ul>
            {offers.map((o) => (
              <li key={o.id}>
                {safeWebUrl(o.url) ? (
                  <a href={safeWebUrl(o.url)!} rel="noopener noreferrer">
                    {o.title}
                  </a>
                ) : (
                  o.title
                )}{' '}
                — {o.partner_name}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('pathway.partners.none')}</p>
      )}
      {referrals.length ? (
        <>
          <h3>{t('pathway.partners.referrals')}</h3>
          <ul>
            {referrals.map((r) => (
              <li key={r.id}>
                {t('pathway.partners.referral', { partner: r.partner_name, date: formatDate(r.created_at), status: t(`referrals.status.${r.status}` as MessageKey) })}
                {r.offer_title ? ` (${r.offer_title})` : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href="/mes-inscriptions/orientation">{t('pathway.partners.ask')}</a>
      </p>
    </section>
  );
}
