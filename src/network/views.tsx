import { formatDate, formatNumber, t, type MessageKey } from '../platform/i18n/index.js';
import { safeWebUrl } from '../catalogue/format.js';
import { CheckboxField, CheckboxGroup, CsrfField, ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from '../platform/layout/forms.js';
import type { FormValues } from '../platform/forms.js';
import { SECTORS } from '../registration/form.js';
import { SHOWABLE } from './profile.js';
import type { MemberCard } from './queries.js';

const themeLabel = (theme: string) => t(`catalogue.theme.${theme}` as MessageKey);
const sectorLabel = (sector: string) => t(`registration.sector.${sector}` as MessageKey);

/** What a member looks for, can offer, and their subjects: only the ones they chose to show (the others are null). */
function CardTexts({ m }: { m: MemberCard }) {
  return (
    <>
      {m.lookingFor ? (
        <p>
          <strong>{t('network.member.looking_for')} :</strong> {m.lookingFor}
        </p>
      ) : null}
      {m.offering ? (
        <p>
          <strong>{t('network.member.offering')} :</strong> {m.offering}
        </p>
      ) : null}
      {m.interests.length ? (
        <p>
          <strong>{t('network.member.interests')} :</strong> {m.interests.map(themeLabel).join(', ')}
        </p>
      ) : null}
    </>
  );
}

/** One member as others see them; the name links to their profile. */
function Card({ m, heading = 'h3' }: { m: MemberCard; heading?: 'h2' | 'h3' }) {
  const H = heading;
  const title = m.name ?? (m.company ? m.company : t('network.member.unnamed'));
  return (
    <>
      <H>
        <a href={`/reseau/membres/${m.id}`}>{title}</a>
      </H>
      <p>{[m.name && m.company ? m.company : null, m.sector ? sectorLabel(m.sector) : null, m.commune].filter(Boolean).join(' · ')}</p>
      <CardTexts m={m} />
    </>
  );
}

export function NotMemberPage() {
  return (
    <>
      <h1>{t('network.title')}</h1>
      <p>{t('network.not_member')}</p>
      <p>
        <a class="button" href="/reseau/profil">
          {t('network.join_link')}
        </a>
      </p>
    </>
  );
}

export function DirectoryPage(props: {
  list: { total: number; page: number; pages: number; members: MemberCard[] };
  choices: { communes: Array<{ code: string; name: string }>; themes: string[] };
  query: Record<string, string>;
  met: Array<{ workshop: string; commune: string; startsAt: string; members: MemberCard[] }>;
}) {
  const { list, choices, query } = props;
  return (
    <>
      <h1>{t('network.title')}</h1>
      <p>{t('network.intro')}</p>
      <ul class="actions inline-list">
        <li>
          <a href="/reseau/profil">{t('network.profile.title')}</a>
        </li>
        <li>
          <a href="/reseau/conversations">{t('network.conversations.title')}</a>
        </li>
        <li>
          <a href="/reseau/projets">{t('network.projects.title')}</a>
        </li>
      </ul>
      <form method="get" action="/reseau" class="filters" role="search" aria-label={t('network.search.legend')}>
        <SelectField name="secteur" label={t('network.search.sector')} value={query.secteur} placeholder={t('network.search.any')} options={SECTORS.map((s) => ({ value: s, label: sectorLabel(s) }))} errors={{}} />
        <SelectField name="commune" label={t('network.search.commune')} value={query.commune} placeholder={t('network.search.any')} options={choices.communes.map((c) => ({ value: c.code, label: c.name }))} errors={{}} />
        <SelectField name="sujet" label={t('network.search.interest')} value={query.sujet} placeholder={t('network.search.any')} options={choices.themes.map((th) => ({ value: th, label: themeLabel(th) }))} errors={{}} />
        <button type="submit" class="button button-secondary">
          {t('network.search.submit')}
        </button>
      </form>
      <p id="nombre">{t('network.count', { count: formatNumber(list.total) })}</p>
      {list.members.length ? (
        <ul class="session-list">
          {list.members.map((m) => (
            <li key={m.id} class="session-card">
              <Card m={m} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('network.none')}</p>
      )}
      <section aria-labelledby="rencontres">
        <h2 id="rencontres">{t('network.met.title')}</h2>
        <p>{t('network.met.intro')}</p>
        {props.met.length ? (
          props.met.map((s) => (
            <div key={s.startsAt}>
              <h3>{t('network.met.session', { workshop: s.workshop, commune: s.commune, date: formatDate(s.startsAt) })}</h3>
              <ul>
                {s.members.map((m) => (
                  <li key={m.id}>
                    <a href={`/reseau/membres/${m.id}`}>{m.name ?? m.company ?? t('network.member.unnamed')}</a>
                  </li>
                ))}
              </ul>
            </div>
          ))
        ) : (
          <p>{t('network.met.none')}</p>
        )}
      </section>
    </>
  );
}

/** A report form folded in a details element: the reason, sent to the coordination. */
export function ReportForm({ csrf, kind, id, errors, value }: { csrf: string; kind: 'profile' | 'message' | 'project'; id: number; errors?: FieldErrors; value?: string }) {
  const name = `raison-${kind}-${id}`;
  const errs: FieldErrors = errors?.reason ? { [name]: errors.reason } : {};
  return (
    <details class="report" open={!!errors?.reason}>
      <summary>{t('network.report')}</summary>
      <form method="post" action="/reseau/signaler" novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="id" value={String(id)} />
        <TextAreaField name={name} label={t('network.report.label')} hint={t('network.report.hint')} value={value} errors={errs} rows={3} maxLength={500} />
        <button type="submit" class="button button-secondary">
          {t('network.report.submit')}
        </button>
      </form>
    </details>
  );
}

export function MemberPage({ m, csrf, blocked, values, errors }: { m: MemberCard; csrf: string; blocked: boolean; values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <p class="breadcrumb">
        <a href="/reseau">{t('network.title')}</a>
      </p>
      <h1>{m.name ?? m.company ?? t('network.member.unnamed')}</h1>
      <p>{[m.name && m.company ? m.company : null, m.sector ? sectorLabel(m.sector) : null, m.commune].filter(Boolean).join(' · ')}</p>
      {m.website ? (
        <p>
          <a href={safeWebUrl(m.website) ?? undefined} rel="noopener noreferrer nofollow">
            {m.website}
          </a>
        </p>
      ) : null}
      <CardTexts m={m} />
      {blocked ? (
        <p class="notice">{t('network.blocked')}</p>
      ) : (
        <section aria-labelledby="ecrire">
          <h2 id="ecrire">{t('network.write.title')}</h2>
          <ErrorSummary errors={errors.message ? { message: errors.message } : {}} labels={{ message: t('network.write.label') }} />
          <form method="post" action={`/reseau/membres/${m.id}/message`} novalidate>
            <CsrfField token={csrf} />
            <TextAreaField name="message" label={t('network.write.label')} hint={t('network.write.hint')} value={values.message} errors={errors} rows={6} maxLength={3000} required />
            <button type="submit" class="button">
              {t('network.write.submit')}
            </button>
          </form>
        </section>
      )}
      <form method="post" action={`/reseau/membres/${m.id}/${blocked ? 'debloquer' : 'bloquer'}`}>
        <CsrfField token={csrf} />
        {blocked ? null : (
          <p class="hint" id="bloquer-aide">
            {t('network.block.hint')}
          </p>
        )}
        <button type="submit" class="button button-secondary" aria-describedby={blocked ? undefined : 'bloquer-aide'}>
          {blocked ? t('network.unblock') : t('network.block')}
        </button>
      </form>
      <ReportForm csrf={csrf} kind="profile" id={m.id} errors={errors} value={values.reason} />
    </>
  );
}

type ConversationView = {
  id: number;
  others: Array<{ id: number; card: MemberCard | null; email: string | null }>;
  messages: Array<{ id: number; sender_id: number; body: string; created_at: string; hidden_at: string | null; mine: boolean }>;
};

const nameOf = (o: { card: MemberCard | null }) => (o.card ? (o.card.name ?? o.card.company ?? t('network.member.unnamed')) : t('network.conversation.left_member'));

export function ConversationsPage({ rows }: { rows: Array<{ id: number; names: string; last_at: string | null }> }) {
  return (
    <>
      <p class="breadcrumb">
        <a href="/reseau">{t('network.title')}</a>
      </p>
      <h1>{t('network.conversations.title')}</h1>
      {rows.length ? (
        <ul>
          {rows.map((r) => (
            <li key={r.id}>
              <a href={`/reseau/conversations/${r.id}`}>{t('network.conversations.with', { names: r.names })}</a>
              {r.last_at ? ` — ${t('network.conversations.last', { date: formatDate(r.last_at) })}` : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('network.conversations.none')}</p>
      )}
    </>
  );
}

export function ConversationPage({ c, csrf, values, errors }: { c: ConversationView; csrf: string; values: FormValues; errors: FieldErrors }) {
  const senderName = (id: number) => nameOf(c.others.find((o) => o.id === id) ?? { card: null });
  return (
    <>
      <p class="breadcrumb">
        <a href="/reseau/conversations">{t('network.conversations.title')}</a>
      </p>
      <h1>{t('network.conversations.with', { names: c.others.map(nameOf).join(', ') })}</h1>
      <ul>
        {c.others.map((o) => (
          <li key={o.id}>
            {o.card ? <a href={`/reseau/membres/${o.id}`}>{nameOf(o)}</a> : nameOf(o)} — {o.email ? t('network.conversation.address', { email: o.email }) : t('network.conversation.address_hidden')}
          </li>
        ))}
      </ul>
      <ol class="messages">
        {c.messages.map((m) => (
          <li key={m.id} class={m.mine ? 'message mine' : 'message'}>
            <p class="message-meta">
              <strong>{m.mine ? t('network.conversation.you') : senderName(m.sender_id)}</strong>, {formatDate(m.created_at)}
            </p>
            {m.hidden_at ? <p class="hint">{t('network.conversation.hidden_message')}</p> : <p class="message-body">{m.body}</p>}
            {!m.mine && !m.hidden_at ? <ReportForm csrf={csrf} kind="message" id={m.id} /> : null}
          </li>
        ))}
      </ol>
      <ErrorSummary errors={errors} labels={{ message: t('network.conversation.reply') }} />
      <form method="post" action={`/reseau/conversations/${c.id}`} novalidate>
        <CsrfField token={csrf} />
        <TextAreaField name="message" label={t('network.conversation.reply')} hint={t('network.write.hint')} value={values.message} errors={errors} rows={5} maxLength={3000} required />
        <button type="submit" class="button">
          {t('network.write.submit')}
        </button>
      </form>
    </>
  );
}

export function ProfilePage(props: { csrf: string; values: FormValues; lists: { shown: string[]; interests: string[] }; errors: FieldErrors; themes: string[]; member: { joinedAt: string } | null; hidden: boolean }) {
  const { csrf, values, lists, errors } = props;
  const labels: Record<string, string> = {
    shown: t('network.profile.shown'),
    website: t('network.field.website.label'),
    looking_for: t('network.field.looking_for.label'),
    offering: t('network.field.offering.label'),
    interests: t('network.field.interests'),
    consent: t('network.consent'),
  };
  return (
    <>
      <p class="breadcrumb">
        <a href="/mes-inscriptions">{t('account.title')}</a>
      </p>
      <h1>{t('network.profile.title')}</h1>
      {props.hidden ? <p class="notice">{t('network.profile.hidden')}</p> : null}
      {props.member ? <p>{t('network.profile.member_since', { date: formatDate(props.member.joinedAt) })}</p> : null}
      <p>{t('network.profile.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/reseau/profil" novalidate>
        <CsrfField token={csrf} />
        <CheckboxGroup name="shown" legend={labels.shown!} hint={t('network.profile.shown.hint')} options={SHOWABLE.map((f) => ({ value: f, label: t(`network.field.${f}` as MessageKey) }))} checked={lists.shown} errors={errors} />
        <TextField name="website" type="url" label={labels.website!} hint={t('network.field.website.hint')} value={values.website} errors={errors} />
        <TextAreaField name="looking_for" label={labels.looking_for!} hint={t('network.field.looking_for.hint')} value={values.looking_for} errors={errors} maxLength={1000} rows={3} />
        <TextAreaField name="offering" label={labels.offering!} hint={t('network.field.offering.hint')} value={values.offering} errors={errors} maxLength={1000} rows={3} />
        <CheckboxGroup name="interests" legend={labels.interests!} hint={t('network.field.interests.hint')} options={props.themes.map((th) => ({ value: th, label: themeLabel(th) }))} checked={lists.interests} errors={errors} />
        <CheckboxField name="consent" label={labels.consent!} checked={values.consent === '1'} errors={errors} />
        <button type="submit" class="button">
          {props.member ? t('network.save') : t('network.join')}
        </button>
      </form>
      {props.member ? (
        <form method="post" action="/reseau/quitter">
          <CsrfField token={csrf} />
          <p class="hint" id="quitter-aide">
            {t('network.leave.hint')}
          </p>
          <button type="submit" class="button danger" aria-describedby="quitter-aide">
            {t('network.leave')}
          </button>
        </form>
      ) : null}
    </>
  );
}
