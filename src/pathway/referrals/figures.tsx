import { formatNumber, t } from '../../platform/i18n/index.js';
import type { ReferralStatus } from '../../platform/db/schema.js';
import { OUTCOMES, referralFigures } from './queries.js';

export type ReferralFigureRows = Awaited<ReturnType<typeof referralFigures>>;

/** The dashboard's small table: referrals and their outcomes (current status) by chamber and cycle. */
export function ReferralFiguresSection({ rows }: { rows: ReferralFigureRows }) {
  return (
    <section aria-labelledby="orientations">
      <h2 id="orientations">{t('referrals.figures.title')}</h2>
      {rows.length ? (
        <div class="table-scroll">
          <table class="data">
            <caption>{t('referrals.figures.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('referrals.figures.cycle')}</th>
                <th scope="col">{t('referrals.figures.partner')}</th>
                <th scope="col">{t('referrals.figures.total')}</th>
                {OUTCOMES.map((s) => (
                  <th scope="col" key={s}>
                    {t(`referrals.status.${s}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.cycle_id ?? 0}-${r.partner_id}`}>
                  <td>{r.cycle_name ?? t('referrals.figures.no_cycle')}</td>
                  <th scope="row">{r.partner_name}</th>
                  <td>{formatNumber(Number(r.total))}</td>
                  {OUTCOMES.map((s: ReferralStatus) => (
                    <td key={s}>{formatNumber(Number((r as Record<string, unknown>)[s] ?? 0))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('referrals.figures.none')}</p>
      )}
    </section>
  );
}

export { referralFigures };
