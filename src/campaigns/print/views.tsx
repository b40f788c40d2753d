import { t } from '../../platform/i18n/index.js';
import { SelectField } from '../../platform/layout/forms.js';
import { PlanningNav } from '../../planning/ui.js';
import type { PrintableCycle } from './queries.js';

export interface PrintPageProps {
  cycles: PrintableCycle[];
  chosen: PrintableCycle | undefined;
  upcoming: number;
  qrUrl: string | undefined;
  files: { poster: string; flyer: string } | undefined;
}

/** The choice of the cycle (a GET form, so the choice lives in the URL) and the two downloads. */
export function PrintPage({ cycles, chosen, upcoming, qrUrl, files }: PrintPageProps) {
  return (
    <>
      <PlanningNav current="/equipe/campagnes/affiches" />
      <h1>{t('print.page.title')}</h1>
      <p>{t('print.page.intro')}</p>
      {chosen ? (
        <>
          <form method="get" action="/equipe/campagnes/affiches" class="filters">
            <SelectField
              name="cycle"
              label={t('print.page.cycle')}
              errors={{}}
              value={String(chosen.id)}
              options={cycles.map((c) => ({ value: String(c.id), label: `${c.number} — ${c.name}` }))}
            />
            <div class="field">
              <button type="submit" class="button button-secondary">
                {t('print.page.show')}
              </button>
            </div>
          </form>
          <p>
            {upcoming === 0 ? t('print.page.upcoming_none') : upcoming === 1 ? t('print.page.upcoming_one') : t('print.page.upcoming', { count: upcoming })}
          </p>
          <h2>{t('print.page.downloads')}</h2>
          <ul>
            <li>
              <a href={`/equipe/campagnes/affiches/${chosen.id}/affiche.pdf`} download={files!.poster}>
                {t('print.page.poster', { file: files!.poster })}
              </a>
            </li>
            <li>
              <a href={`/equipe/campagnes/affiches/${chosen.id}/flyer.pdf`} download={files!.flyer}>
                {t('print.page.flyer', { file: files!.flyer })}
              </a>
            </li>
          </ul>
          <p>{t('print.page.qr', { url: qrUrl! })}</p>
        </>
      ) : (
        <p>{t('print.page.none')}</p>
      )}
    </>
  );
}
