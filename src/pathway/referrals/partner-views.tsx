import { t, type MessageKey } from '../../platform/i18n/index.js';
import { safeWebUrl } from '../../catalogue/format.js';
import { CheckboxGroup, CsrfField, ErrorSummary, SelectField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import { DataTable, type Column } from '../../platform/layout/DataTable.js';
import type { FormValues } from '../../platform/forms.js';
import type { Selectable } from 'kysely';
import type { PartnerOfferTable } from '../../platform/db/schema.js';
import { PlanningNav } from '../../planning/ui.js';
import { OFFER_LEVELS, PARTNER_KINDS } from './commands.js';

export const THEMES = ['outils', 'internet', 'web', 'vente', 'communication', 'securite'] as const;
const themeLabel = (th: string) => ((THEMES as readonly string[]).includes(th) ? t(`referrals.theme.${th}` as MessageKey) : th);

export function partnerLabels(): Record<string, string> {
  return {
    kind: t('referrals.partner.kind'),
    name: t('referrals.partner.name'),
    contact_name: t('referrals.partner.contact_name'),
    contact_email: t('referrals.partner.contact_email'),
    contact_phone: t('referrals.partner.contact_phone'),
    website: t('referrals.partner.website'),
    title: t('referrals.offer.title'),
    url: t('referrals.offer.url'),
    level: t('referrals.offer.level'),
    themes: t('referrals.offer.themes'),
  };
}

type PartnerRow = { id: number; kind: string; name: string; contact_name: string | null; contact_email: string | null; offers: number | string | null };

export function PartnerListPage({ rows }: { rows: PartnerRow[] }) {
  const columns: Array<Column<PartnerRow>> = [
    { header: t('referrals.partner.name'), cell: (p) => <a href={`/equipe/partenaires/${p.id}`}>{p.name}</a> },
    { header: t('referrals.partner.kind'), cell: (p) => t(`referrals.partner.kind.${p.kind}` as MessageKey) },
    { header: t('referrals.partner.contact_name'), cell: (p) => [p.contact_name, p.contact_email].filter(Boolean).join(' · ') || '—' },
    { header: t('referrals.partner.offers'), cell: (p) => String(Number(p.offers ?? 0)) },
  ];
  return (
    <>
      <PlanningNav current="/equipe/partenaires" />
      <h1>{t('referrals.partners.title')}</h1>
      <p>{t('referrals.partners.intro')}</p>
      <p class="actions">
        <a class="button" href="/equipe/partenaires/nouveau">
          {t('referrals.partners.new')}
        </a>{' '}
        <a class="button button-secondary" href="/equipe/partenaires/comptes">
          {t('referrals.partners.accounts')}
        </a>
      </p>
      {rows.length ? <DataTable caption={t('referrals.partners.count', { count: rows.length })} rows={rows} columns={columns} /> : <p>{t('referrals.partners.none')}</p>}
    </>
  );
}

type Offer = Selectable<PartnerOfferTable>;

export function PartnerFormPage(props: { csrf: string; id?: number | undefined; values: FormValues; errors: FieldErrors; offers: Offer[]; offer: { values: FormValues; themes: string[]; errors: FieldErrors } }) {
  const { csrf, id, values, errors } = props;
  const labels = partnerLabels();
  return (
    <>
      <PlanningNav current="/equipe/partenaires" />
      <h1>{t(id ? 'referrals.partners.edit' : 'referrals.partners.new')}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={id ? `/equipe/partenaires/${id}` : '/equipe/partenaires/nouveau'} novalidate>
        <CsrfField token={csrf} />
        <SelectField name="kind" label={labels.kind!} value={values.kind} errors={errors} required options={PARTNER_KINDS.map((k) => ({ value: k, label: t(`referrals.partner.kind.${k}`) }))} />
        <TextField name="name" label={labels.name!} value={values.name} errors={errors} required maxLength={120} />
        <TextField name="contact_name" label={labels.contact_name!} value={values.contact_name} errors={errors} maxLength={120} />
        <TextField name="contact_email" type="email" label={labels.contact_email!} hint={t('referrals.partner.contact_email.hint')} value={values.contact_email} errors={errors} />
        <TextField name="contact_phone" type="tel" label={labels.contact_phone!} value={values.contact_phone} errors={errors} maxLength={30} />
        <TextField name="website" type="url" label={labels.website!} value={values.website} errors={errors} />
        <button type="submit" class="button">
          {t('planning.save')}
        </button>
      </form>
      {id ? <Offers csrf={csrf} partnerId={id} offers={props.offers} form={props.offer} /> : null}
    </>
  );
}

function Offers({ csrf, partnerId, offers, form }: { csrf: string; partnerId: number; offers: Offer[]; form: { values: FormValues; themes: string[]; errors: FieldErrors } }) {
  const labels = partnerLabels();
  const columns: Array<Column<Offer>> = [
    { header: t('referrals.offer.title'), cell: (o) => (safeWebUrl(o.url) ? <a href={safeWebUrl(o.url)!}>{o.title}</a> : o.title) },
    { header: t('referrals.offer.themes'), cell: (o) => o.themes.split(',').filter(Boolean).map(themeLabel).join(', ') || '—' },
    { header: t('referrals.offer.level'), cell: (o) => t(`referrals.offer.level.${o.level}`) },
    {
      header: t('referrals.offer.active'),
      cell: (o) => (
        <form method="post" action={`/equipe/partenaires/${partnerId}/offres/${o.id}/active`} class="inline-form">
          <CsrfField token={csrf} />
          <input type="hidden" name="active" value={o.active ? '0' : '1'} />
          {o.active ? t('referrals.offer.active') : t('referrals.offer.inactive')}{' '}
          <button type="submit" class="button button-secondary button-small">
            {o.active ? t('referrals.offer.deactivate') : t('referrals.offer.activate')}
          </button>
        </form>
      ),
    },
  ];
  return (
    <section aria-labelledby="offres">
      <h2 id="offres">{t('referrals.offers.title')}</h2>
      {offers.length ? <DataTable caption={t('referrals.offers.title')} rows={offers} columns={columns} /> : <p>{t('referrals.offers.none')}</p>}
      <h3>{t('referrals.offers.add')}</h3>
      <ErrorSummary errors={form.errors} labels={labels} />
      <form method="post" action={`/equipe/partenaires/${partnerId}/offres`} novalidate>
        <CsrfField token={csrf} />
        <TextField name="title" label={labels.title!} value={form.values.title} errors={form.errors} required maxLength={160} />
        <TextField name="url" type="url" label={labels.url!} value={form.values.url} errors={form.errors} />
        <SelectField name="level" label={labels.level!} value={form.values.level} errors={form.errors} required options={OFFER_LEVELS.map((l) => ({ value: l, label: t(`referrals.offer.level.${l}`) }))} />
        <CheckboxGroup name="themes" legend={labels.themes!} options={THEMES.map((th) => ({ value: th, label: themeLabel(th) }))} checked={form.themes} errors={form.errors} />
        <button type="submit" class="button">
          {t('referrals.offers.add')}
        </button>
      </form>
    </section>
  );
}
