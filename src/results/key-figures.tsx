import { t, type MessageKey } from '../platform/i18n/index.js';

/** Key figures as a list of terms and values (the dashboard's, the surveys', the demand's). */
export function KeyFigureList({ items }: { items: Array<[MessageKey, string]> }) {
  return (
    <dl class="key-figures">
      {items.map(([key, value]) => (
        <div key={key}>
          <dt>{t(key)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
