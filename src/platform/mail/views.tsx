import type { ComponentChildren } from 'preact';
import { formatDate, formatTime, t } from '../i18n/index.js';
import { DataTable } from '../layout/DataTable.js';
import { SelectField } from '../layout/forms.js';
import type { MailMessage } from './transport.js';
import type { OutboxRow } from './outbox.js';
import { OUTBOX_STATUSES, type OutboxListRow, type OutboxStatus } from './admin-queries.js';

const statusLabel = (s: OutboxStatus) => t(`mail.status.${s}`);

function When({ at }: { at: string | null }) {
  if (!at) return <>{t('mail.none')}</>;
  return <time dateTime={at}>{t('mail.at', { date: formatDate(at), time: formatTime(at) })}</time>;
}

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Previous and next pages, keeping the status filter. */
function Pagination({ page, pages, status }: { page: number; pages: number; status: string | undefined }) {
  if (pages <= 1) return null;
  const href = (p: number) => `/equipe/courriels?${new URLSearchParams({ ...(status ? { statut: status } : {}), page: String(p) }).toString()}`;
  return (
    <nav class="pagination" aria-label={t('mail.pagination')}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              {t('mail.previous')}
            </a>
          </li>
        ) : null}
        <li aria-current="page">{t('mail.page', { page, pages })}</li>
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              {t('mail.next')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function OutboxListPage(props: { rows: OutboxListRow[]; total: number; page: number; pages: number; status: OutboxStatus | undefined; delivery: string }) {
  const { rows, total, page, pages, status } = props;
  return (
    <>
      <h1>{t('mail.list.title')}</h1>
      <p class="lead">{t('mail.list.intro')}</p>
      <p>{props.delivery}</p>
      <form method="get" action="/equipe/courriels" class="filters">
        <SelectField
          name="statut"
          label={t('mail.filter.status')}
          value={status}
          errors={{}}
          placeholder={t('mail.filter.all')}
          options={OUTBOX_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
        />
        <div class="field">
          <button type="submit" class="button button-secondary">
            {t('mail.filter.submit')}
          </button>
        </div>
      </form>
      <p role="status">{t('mail.list.count', { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t('mail.list.none')}</p>
      ) : (
        <DataTable
          caption={t('mail.page', { page, pages })}
          rows={rows}
          columns={[
            { header: t('mail.col.created'), cell: (r) => <When at={r.created_at} /> },
            { header: t('mail.col.status'), cell: (r) => statusLabel(r.status) },
            { header: t('mail.col.kind'), cell: (r) => r.kind },
            { header: t('mail.col.recipient'), cell: (r) => r.recipient },
            { header: t('mail.col.subject'), cell: (r) => r.subject ?? t('mail.none') },
            { header: t('mail.col.attempts'), cell: (r) => r.attempts },
            { header: t('mail.col.last_error'), cell: (r) => (r.last_error ? shorten(r.last_error, 120) : t('mail.none')) },
            {
              header: t('mail.col.actions'),
              cell: (r) => (
                <a href={`/equipe/courriels/${r.id}`}>
                  {t('mail.list.open')}
                  <span class="visually-hidden">{` : ${t('mail.detail.title', { id: String(r.id) })}, ${r.subject ?? ''}`}</span>
                </a>
              ),
            },
          ]}
        />
      )}
      <Pagination page={page} pages={pages} status={status} />
    </>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** One message as it was (or will be) sent: its state, headers, attachments and text version. */
export function OutboxMessagePage(props: { row: OutboxRow; message: MailMessage | null; unreadable: string | null; guardName: string | null }) {
  const { row, message } = props;
  return (
    <>
      <p class="breadcrumb">
        <a href="/equipe/courriels">{t('mail.detail.back')}</a>
      </p>
      <h1>{t('mail.detail.title', { id: String(row.id) })}</h1>
      <h2>{t('mail.detail.facts')}</h2>
      <dl class="facts">
        <Fact label={t('mail.col.status')}>{statusLabel(row.status)}</Fact>
        <Fact label={t('mail.col.kind')}>{row.kind}</Fact>
        <Fact label={t('mail.col.recipient')}>{row.recipient}</Fact>
        <Fact label={t('mail.col.subject')}>{message?.subject ?? t('mail.none')}</Fact>
        <Fact label={t('mail.detail.created')}>
          <When at={row.created_at} />
        </Fact>
        {row.status === 'pending' ? (
          <Fact label={t('mail.detail.next_attempt')}>
            <When at={row.next_attempt_at} />
          </Fact>
        ) : null}
        {row.status === 'sending' ? (
          <Fact label={t('mail.detail.lease')}>
            <When at={row.next_attempt_at} />
          </Fact>
        ) : null}
        {row.sent_at ? (
          <Fact label={t('mail.detail.sent')}>
            <When at={row.sent_at} />
          </Fact>
        ) : null}
        {row.skipped_at ? (
          <Fact label={t('mail.detail.skipped')}>
            <When at={row.skipped_at} />
          </Fact>
        ) : null}
        <Fact label={t('mail.col.attempts')}>{row.attempts}</Fact>
        <Fact label={t('mail.col.last_error')}>{row.last_error ?? t('mail.none')}</Fact>
        {props.guardName ? <Fact label={t('mail.detail.guard')}>{props.guardName}</Fact> : null}
        <Fact label={t('mail.detail.key')}>{row.idempotency_key}</Fact>
        {message ? <Fact label={t('mail.detail.from')}>{message.from}</Fact> : null}
        {message ? <Fact label={t('mail.detail.message_id')}>{message.messageId}</Fact> : null}
      </dl>
      {props.unreadable ? <p class="conflict">{t('mail.detail.unreadable', { error: props.unreadable })}</p> : null}
      {message ? (
        <>
          <h2>{t('mail.detail.headers')}</h2>
          <dl class="facts">
            {Object.entries(message.headers ?? {}).map(([name, value]) => (
              <Fact key={name} label={name}>
                {value}
              </Fact>
            ))}
          </dl>
          <h2>{t('mail.detail.attachments')}</h2>
          {message.attachments?.length ? (
            <ul>
              {message.attachments.map((a) => (
                <li key={a.filename}>{`${a.filename} (${a.contentType})`}</li>
              ))}
            </ul>
          ) : (
            <p>{t('mail.detail.no_attachments')}</p>
          )}
          <h2 id="version-texte">{t('mail.detail.text')}</h2>
          {/* long lines scroll inside their own region, reachable from the keyboard */}
          <div class="table-scroll" role="region" tabIndex={0} aria-labelledby="version-texte">
            <pre>{message.text}</pre>
          </div>
        </>
      ) : null}
    </>
  );
}
