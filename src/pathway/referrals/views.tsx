import { formatDate, formatDateTime, t, type MessageKey } from '../../platform/i18n/index.js';
import { safeWebUrl } from '../../catalogue/format.js';
import { CheckboxField, CheckboxGroup, CsrfField, ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import { DataTable, type Column } from '../../platform/layout/DataTable.js';
import type { FormValues } from '../../platform/forms.js';
import type { ReferralStatus, SharedField } from '../../platform/db/schema.js';
import { PlanningNav } from '../../planning/ui.js';
import { OUTCOMES, SHARED_FIELDS, type ReferralDetail } from './queries.js';

const statusLabel = (s: ReferralStatus) => t(`referrals.status.${s}`);
const sharedLabel = (f: SharedField) => t(`referrals.field.shared.${f}`);
const day = (d: string) => d.split('-').reverse().join('/');

type ListRow = { id: number; status: ReferralStatus; status_at: string; created_at: string; partner_name: string; first_name: string; last_name: string; anonymised_at: string | null; shared: SharedField[] };

/** The referrals a viewer may see: a partner account its chamber's, the coordination the territory's. */
export function ReferralListPage(props: { rows: ListRow[]; partnerName: string | null; planner: boolean; unbound: boolean }) {
  const who = (r: ListRow) => (r.anonymised_at ? t('referrals.anonymised') : r.shared.includes('name') || props.planner ? `${r.first_name} ${r.last_name}` : `#${r.id}`);
  const columns: Array<Column<ListRow>> = [
    { header: t('referrals.col.date'), cell: (r) => <a href={`/equipe/orientations/${r.id}`}>{formatDate(r.created_at)}</a> },
    { header: t('referrals.col.person'), cell: who },
    ...(props.planner ? [{ header: t('referrals.col.partner'), cell: (r: ListRow) => r.partner_name }] : []),
    { header: t('referrals.col.status'), cell: (r) => statusLabel(r.status) },
  ];
  return (
    <>
      {props.planner ? <PlanningNav current="/equipe/orientations" /> : null}
      <h1>{t('referrals.list.title')}</h1>
      {props.unbound ? <p>{t('referrals.list.unbound')}</p> : <p>{props.planner ? t('referrals.list.intro.planner') : t('referrals.list.intro.partner', { partner: props.partnerName ?? '' })}</p>}
      {props.rows.length ? <DataTable caption={t('referrals.list.count', { count: props.rows.length })} rows={props.rows} columns={columns} /> : <p>{t('referrals.list.none')}</p>}
    </>
  );
}

/** One referral: only the fields the leader agreed to share, the consent as recorded, the history, and the outcome form. */
export function ReferralPage(props: { r: ReferralDetail; csrf: string; values: FormValues; errors: FieldErrors; planner: boolean; today: string }) {
  const { r, values, errors } = props;
  const shown: Array<[SharedField, string | null]> = r.anonymised_at
    ? []
    : [
        ['name', r.first_name !== null ? `${r.first_name} ${r.last_name ?? ''}` : null],
        ['email', r.email],
        ['phone', r.phone],
        ['company', r.company_name],
        ['sector', r.sector ? t(`registration.sector.${r.sector}` as MessageKey) : null],
        ['commune', r.commune_name],
        ['workshops', r.workshops.join(', ') || null],
        ['note', r.note],
      ];
  const labels = { status: t('referrals.outcome.status'), happened_on: t('referrals.outcome.date') };
  return (
    <>
      {props.planner ? <PlanningNav current="/equipe/orientations" /> : null}
      <p>
        <a href="/equipe/orientations">{t('referrals.detail.back')}</a>
      </p>
      <h1>{t('referrals.detail.title', { date: formatDate(r.created_at) })}</h1>
      <p>
        {r.partner_name} — {t(`referrals.detail.requested_by.${r.requested_by}`)}
        {r.offer_title ? ` — ${t('referrals.detail.offer')} : ${r.offer_title}` : ''}
      </p>
      <h2>{t('referrals.detail.shared')}</h2>
      {r.shared.length && !r.anonymised_at ? (
        <dl class="facts">
          {shown
            .filter(([f]) => r.shared.includes(f))
            .map(([f, v]) => (
              <div key={f}>
                <dt>{sharedLabel(f)}</dt>
                <dd>{v ?? '—'}</dd>
              </div>
            ))}
        </dl>
      ) : (
        <p>{r.anonymised_at ? t('referrals.anonymised') : t('referrals.detail.nothing_shared')}</p>
      )}
      <p class="hint">{t('referrals.detail.consent', { date: formatDateTime(r.consent_at), text: r.consent_text, version: r.consent_text_version })}</p>
      <h2>{t('referrals.detail.history')}</h2>
      <ol>
        {r.events.map((e) => (
          <li key={e.id}>{t('referrals.event', { status: statusLabel(e.status), date: day(e.happened_on) })}</li>
        ))}
      </ol>
      <h2 id="suite">{t('referrals.outcome.title')}</h2>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={`/equipe/orientations/${r.id}/suite`} novalidate>
        <CsrfField token={props.csrf} />
        <SelectField name="status" label={labels.status} value={values.status} errors={errors} required options={OUTCOMES.map((s) => ({ value: s, label: statusLabel(s) }))} />
        <TextField name="happened_on" type="date" label={labels.happened_on} hint={t('referrals.outcome.date.hint')} value={values.happened_on ?? props.today} errors={errors} required />
        <button type="submit" class="button">
          {t('referrals.outcome.submit')}
        </button>
      </form>
    </>
  );
}

export interface ReferralFormProps {
  action: string;
  csrf: string;
  by: 'staff' | 'participant';
  intro: string;
  partners: Array<{ id: number; name: string }>;
  offers: Array<{ id: number; title: string; partner_name: string; url: string | null }>;
  values: FormValues;
  shared: string[];
  errors: FieldErrors;
  consentLabel: string;
}

export function referralLabels(): Record<string, string> {
  return { partner: t('referrals.new.partner'), offer: t('referrals.new.offer'), shared: t('referrals.new.shared'), note: t('referrals.new.note'), consent: t('referrals.new.consent.legend') };
}

/** The referral form, by the team after a session or by the leader: partner, offer, what is shared, and the required consent. */
export function ReferralForm(p: ReferralFormProps) {
  const labels = referralLabels();
  return (
    <>
      <ErrorSummary errors={p.errors} labels={labels} />
      {p.partners.length === 0 ? <p>{t('referrals.error.no_partner')}</p> : null}
      <form method="post" action={p.action} novalidate>
        <CsrfField token={p.csrf} />
        <SelectField name="partner" label={labels.partner!} value={p.values.partner} errors={p.errors} required placeholder="" options={p.partners.map((x) => ({ value: String(x.id), label: x.name }))} />
        <SelectField
          name="offer"
          label={labels.offer!}
          value={p.values.offer}
          errors={p.errors}
          placeholder={t('referrals.new.offer.none')}
          options={p.offers.map((o) => ({ value: String(o.id), label: `${o.partner_name} — ${o.title}` }))}
        />
        <CheckboxGroup name="shared" legend={labels.shared!} hint={t('referrals.new.shared.hint')} options={SHARED_FIELDS.map((f) => ({ value: f, label: sharedLabel(f) }))} checked={p.shared} errors={p.errors} required />
        <TextAreaField name="note" label={labels.note!} hint={t('referrals.new.note.hint')} value={p.values.note} errors={p.errors} maxLength={1000} rows={3} />
        <fieldset class="consent">
          <legend>{labels.consent}</legend>
          <CheckboxField name="consent" label={p.consentLabel} checked={p.values.consent === '1'} errors={p.errors} />
        </fieldset>
        <button type="submit" class="button">
          {t('referrals.new.submit')}
        </button>
      </form>
    </>
  );
}

export function NewReferralPage(p: ReferralFormProps) {
  return (
    <>
      <h1>{t('referrals.new.title')}</h1>
      <p>{p.intro}</p>
      <ReferralForm {...p} />
    </>
  );
}

type Mine = { id: number; status: ReferralStatus; created_at: string; partner_name: string; offer_title: string | null };

/** The leader's page: the partners' offers, their referrals so far, and the form to ask for one. */
export function MyReferralPage(p: ReferralFormProps & { mine: Mine[] }) {
  return (
    <>
      <p>
        <a href="/mes-inscriptions">{t('referrals.mine.back')}</a>
      </p>
      <h1>{t('referrals.mine.title')}</h1>
      <p>{t('referrals.mine.intro')}</p>
      {p.offers.length ? (
        <>
          <h2>{t('referrals.mine.offers')}</h2>
          <ul>
            {p.offers.map((o) => (
              <li key={o.id}>
                {o.partner_name} : {safeWebUrl(o.url) ? <a href={safeWebUrl(o.url)!}>{o.title}</a> : o.title}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.mine.length ? (
        <>
          <h2>{t('referrals.mine.yours')}</h2>
          <ul>
            {p.mine.map((m) => (
              <li key={m.id}>
                {formatDate(m.created_at)} — {m.partner_name}
                {m.offer_title ? ` (${m.offer_title})` : ''} : {statusLabel(m.status)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('referrals.new.title')}</h2>
      <ReferralForm {...p} />
    </>
  );
}
