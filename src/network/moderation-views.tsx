import { formatDateTime, formatNumber, t, type MessageKey } from '../platform/i18n/index.js';
import { CsrfField } from '../platform/layout/forms.js';
import { DataTable } from '../platform/layout/DataTable.js';
import { PlanningNav } from '../planning/ui.js';
import type { moderationBoard } from './moderation.js';

type Board = Awaited<ReturnType<typeof moderationBoard>>;

export function ModerationPage({ board, csrf }: { board: Board; csrf: string }) {
  return (
    <>
      <PlanningNav current="/equipe/reseau" />
      <h1>{t('network.mod.title')}</h1>
      <p>{t('network.mod.intro', { count: formatNumber(board.members) })}</p>
      <h2>{t('network.mod.reports')}</h2>
      {board.reports.length ? (
        <DataTable
          caption={t('network.mod.reports.caption')}
          rows={board.reports}
          columns={[
            { header: t('network.mod.col.when'), cell: (r) => formatDateTime(r.created_at) },
            { header: t('network.mod.col.what'), cell: (r) => t(`network.mod.kind.${r.target_kind}` as MessageKey) },
            { header: t('network.mod.col.content'), cell: (r) => <span class="message-body">{r.excerpt ?? '—'}</span> },
            { header: t('network.mod.col.reason'), cell: (r) => <span class="message-body">{r.reason}</span> },
            {
              header: t('network.mod.col.actions'),
              cell: (r) => (
                <>
                  <form method="post" action="/equipe/reseau/masquer" class="inline-form">
                    <CsrfField token={csrf} />
                    <input type="hidden" name="kind" value={r.target_kind} />
                    <input type="hidden" name="id" value={String(r.target_id)} />
                    <button type="submit" class="button danger">
                      {t('network.mod.hide')}
                      <span class="visually-hidden">{` : ${t(`network.mod.kind.${r.target_kind}` as MessageKey)}, ${formatDateTime(r.created_at)}`}</span>
                    </button>
                  </form>{' '}
                  <form method="post" action={`/equipe/reseau/signalements/${r.id}/classer`} class="inline-form">
                    <CsrfField token={csrf} />
                    <button type="submit" class="button button-secondary">
                      {t('network.mod.dismiss')}
                      <span class="visually-hidden">{` : ${formatDateTime(r.created_at)}`}</span>
                    </button>
                  </form>
                </>
              ),
            },
          ]}
        />
      ) : (
        <p>{t('network.mod.reports.none')}</p>
      )}
      <h2>{t('network.mod.projects')}</h2>
      <DataTable
        caption={t('network.mod.projects.caption')}
        rows={board.projects}
        columns={[
          { header: t('network.mod.col.project'), cell: (p) => p.title },
          { header: t('network.mod.col.interested'), cell: (p) => formatNumber(Number(p.interested ?? 0)) },
          { header: t('network.mod.col.state'), cell: (p) => t(p.hidden_at ? 'network.mod.state.hidden' : p.supported_at ? 'network.mod.state.supported' : 'network.mod.state.open') },
          {
            header: t('network.mod.col.actions'),
            cell: (p) =>
              p.hidden_at ? null : (
                <>
                  <form method="post" action={`/equipe/reseau/projets/${p.id}/soutenir`}>
                    <CsrfField token={csrf} />
                    <label for={`note-${p.id}`}>{t('network.mod.support.label')}</label>
                    <input id={`note-${p.id}`} name="note" type="text" maxLength={300} />
                    <button type="submit" class="button button-secondary">
                      {t('network.mod.support')}
                      <span class="visually-hidden">{` : ${p.title}`}</span>
                    </button>
                  </form>
                  <form method="post" action="/equipe/reseau/masquer" class="inline-form">
                    <CsrfField token={csrf} />
                    <input type="hidden" name="kind" value="project" />
                    <input type="hidden" name="id" value={String(p.id)} />
                    <button type="submit" class="button danger">
                      {t('network.mod.hide')}
                      <span class="visually-hidden">{` : ${p.title}`}</span>
                    </button>
                  </form>
                </>
              ),
          },
        ]}
      />
    </>
  );
}
