import { formatNumber, t } from '../../platform/i18n/index.js';

/** « moins d’un kilo-octet », « environ 48 ko », « environ 1,2 Mo » */
export function sizeInWords(bytes: number): string {
  if (bytes < 1024) return t('report.size.bytes');
  if (bytes < 1024 * 1024) return t('report.size.kb', { n: Math.round(bytes / 1024) });
  return t('report.size.mb', { n: Math.round((bytes / (1024 * 1024)) * 10) / 10 });
}

const rowsInWords = (n: number) => (n === 0 ? t('report.page.rows_none') : n === 1 ? t('report.page.rows_one') : t('report.page.rows', { n: formatNumber(n) }));

export interface ReportPageProps {
  cycles: Array<{ id: number; name: string }>;
  /** the chosen cycle and what its downloads weigh; null when the territory has no cycle yet */
  chosen: null | {
    id: number;
    name: string;
    pdf: { bytes: number; pages: number };
    xlsx: { bytes: number; sheets: number };
    csv: Array<{ slug: string; name: string; rows: number; bytes: number }>;
  };
}

export const reportHref = (cycleId: number, ext: 'pdf' | 'xlsx' | 'csv', table?: string) =>
  `/equipe/bilan/rapport/${cycleId}.${ext}${table ? `?table=${encodeURIComponent(table)}` : ''}`;

/** The cycle to report on (a GET form: the choice lives in the URL), and its three downloads with their size in words. */
export function ReportPage({ cycles, chosen }: ReportPageProps) {
  return (
    <>
      <h1>{t('report.page.title')}</h1>
      <p>{t('report.page.intro')}</p>
      {chosen ? (
        <>
          <form method="get" action="/equipe/bilan/rapport" class="filters">
            <div class="field">
              <label for="session">{t('report.page.cycle')}</label>
              <select id="session" name="session">
                {cycles.map((c) => (
                  <option key={c.id} value={String(c.id)} selected={c.id === chosen.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <button type="submit" class="button button-secondary">
                {t('report.page.choose')}
              </button>
            </div>
          </form>
          <section aria-labelledby="telechargements">
            <h2 id="telechargements">{t('report.page.downloads', { cycle: chosen.name })}</h2>
            <ul>
              <li>
                <a href={reportHref(chosen.id, 'pdf')} download>
                  {t('report.page.pdf')}
                </a>{' '}
                — {chosen.pdf.pages === 1 ? t('report.page.pdf_size_one', { size: sizeInWords(chosen.pdf.bytes) }) : t('report.page.pdf_size', { pages: chosen.pdf.pages, size: sizeInWords(chosen.pdf.bytes) })}
              </li>
              <li>
                <a href={reportHref(chosen.id, 'xlsx')} download>
                  {t('report.page.xlsx')}
                </a>{' '}
                — {t('report.page.xlsx_size', { sheets: chosen.xlsx.sheets, size: sizeInWords(chosen.xlsx.bytes) })}
              </li>
              <li>
                {t('report.page.csv')}
                <ul>
                  {chosen.csv.map((c) => (
                    <li key={c.slug}>
                      <a href={reportHref(chosen.id, 'csv', c.slug)} download>
                        {c.name}
                      </a>{' '}
                      — {rowsInWords(c.rows)}, {sizeInWords(c.bytes)}
                    </li>
                  ))}
                </ul>
              </li>
            </ul>
            <p>{t('report.page.about')}</p>
          </section>
        </>
      ) : (
        <p>{t('report.page.none')}</p>
      )}
    </>
  );
}
