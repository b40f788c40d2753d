import { formatDate, formatNumber, t, type MessageKey } from '../platform/i18n/index.js';
import { CheckboxGroup, CsrfField, ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from '../platform/layout/forms.js';
import type { FormValues } from '../platform/forms.js';
import { SECTORS } from '../registration/form.js';
import type { MemberCard } from './queries.js';
import { ReportForm } from './views.js';

const sectorLabel = (s: string) => t(`registration.sector.${s}` as MessageKey);
const nameOf = (m: MemberCard) => m.name ?? m.company ?? t('network.member.unnamed');

export function ProjectsPage({ rows }: { rows: Array<{ id: number; title: string; description: string; sectors: string; commune_name: string | null; interested: number | string | bigint | null; supported_at: string | null; created_at: string }> }) {
  return (
    <>
      <p class="breadcrumb">
        <a href="/reseau">{t('network.title')}</a>
      </p>
      <h1>{t('network.projects.title')}</h1>
      <p>{t('network.projects.intro')}</p>
      <p>
        <a class="button" href="/reseau/projets/nouveau">
          {t('network.projects.new')}
        </a>
      </p>
      {rows.length ? (
        <ul class="session-list">
          {rows.map((p) => (
            <li key={p.id} class="session-card">
              <h2>
                <a href={`/reseau/projets/${p.id}`}>{p.title}</a>
              </h2>
              <p>{[p.commune_name, ...(JSON.parse(p.sectors) as string[]).map(sectorLabel)].filter(Boolean).join(' · ')}</p>
              <p>{t('network.projects.interested', { count: formatNumber(Number(p.interested ?? 0)) })}</p>
              {p.supported_at ? <p class="notice">{t('network.projects.supported')}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('network.projects.none')}</p>
      )}
    </>
  );
}

export function ProjectFormPage({ csrf, values, sectors, errors, communes }: { csrf: string; values: FormValues; sectors: string[]; errors: FieldErrors; communes: Array<{ code: string; name: string }> }) {
  const labels = { title: t('network.project.field.title'), description: t('network.project.field.description'), sectors: t('network.project.field.sectors'), commune: t('network.project.field.commune') };
  return (
    <>
      <p class="breadcrumb">
        <a href="/reseau/projets">{t('network.projects.title')}</a>
      </p>
      <h1>{t('network.projects.new')}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/reseau/projets/nouveau" novalidate>
        <CsrfField token={csrf} />
        <TextField name="title" label={labels.title} value={values.title} errors={errors} required maxLength={120} />
        <TextAreaField name="description" label={labels.description} hint={t('network.project.field.description.hint')} value={values.description} errors={errors} required rows={8} maxLength={3000} />
        <CheckboxGroup name="sectors" legend={labels.sectors} options={SECTORS.map((s) => ({ value: s, label: sectorLabel(s) }))} checked={sectors} errors={errors} />
        <SelectField name="commune" label={labels.commune} value={values.commune} placeholder={t('network.project.field.commune.any')} options={communes.map((c) => ({ value: c.code, label: c.name }))} errors={errors} />
        <button type="submit" class="button">
          {t('network.project.submit')}
        </button>
      </form>
    </>
  );
}

export function ProjectPage(props: {
  p: { id: number; title: string; description: string; sectors: string[]; commune_name: string | null; created_at: string; support_note: string | null; supported_at: string | null; proposer: MemberCard; mine: boolean; interestedCount: number; interested: MemberCard[]; readerInterested: boolean; conversationId: number | null };
  csrf: string;
  values: FormValues;
  errors: FieldErrors;
}) {
  const { p, csrf, errors } = props;
  return (
    <>
      <p class="breadcrumb">
        <a href="/reseau/projets">{t('network.projects.title')}</a>
      </p>
      <h1>{p.title}</h1>
      <p>
        {p.mine ? t('network.project.by', { name: t('network.conversation.you') }) : <a href={`/reseau/membres/${p.proposer.id}`}>{t('network.project.by', { name: nameOf(p.proposer) })}</a>}, {formatDate(p.created_at)}
      </p>
      <p>{[p.commune_name, ...p.sectors.map(sectorLabel)].filter(Boolean).join(' · ')}</p>
      <p class="message-body">{p.description}</p>
      {p.supported_at ? <p class="notice">{p.support_note ? t('network.project.support', { note: p.support_note }) : t('network.projects.supported')}</p> : null}
      <p>{t('network.projects.interested', { count: formatNumber(p.interestedCount) })}</p>
      {p.conversationId ? (
        <p>
          <a href={`/reseau/conversations/${p.conversationId}`}>{t('network.project.conversation')}</a>
        </p>
      ) : null}
      {p.mine ? (
        <section aria-labelledby="interesses">
          <h2 id="interesses">{t('network.project.interested_title')}</h2>
          {p.interested.length ? (
            <ul>
              {p.interested.map((m) => (
                <li key={m.id}>
                  <a href={`/reseau/membres/${m.id}`}>{nameOf(m)}</a>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('network.project.interested_none')}</p>
          )}
          <ErrorSummary errors={errors} labels={{ message: t('network.project.open.label') }} />
          <form method="post" action={`/reseau/projets/${p.id}/conversation`} novalidate>
            <CsrfField token={csrf} />
            <TextAreaField name="message" label={t('network.project.open.label')} hint={t('network.project.open.hint')} value={props.values.message} errors={errors} rows={5} maxLength={3000} required />
            <button type="submit" class="button">
              {t('network.project.open')}
            </button>
          </form>
        </section>
      ) : (
        <form method="post" action={`/reseau/projets/${p.id}/${p.readerInterested ? 'desinteret' : 'interet'}`}>
          <CsrfField token={csrf} />
          {p.readerInterested ? (
            <p>{t('network.project.you_are_interested')}</p>
          ) : (
            <p class="hint" id="interet-aide">
              {t('network.project.interest.hint')}
            </p>
          )}
          <button type="submit" class={p.readerInterested ? 'button button-secondary' : 'button'} aria-describedby={p.readerInterested ? undefined : 'interet-aide'}>
            {p.readerInterested ? t('network.project.withdraw') : t('network.project.interest')}
          </button>
        </form>
      )}
      {p.mine ? null : <ReportForm csrf={csrf} kind="project" id={p.id} />}
    </>
  );
}
