import type { ComponentChildren } from 'preact';

export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
}

/**
 * An accessible table of rows: a caption, column headers with scope, scrolls sideways on a phone. The
 * scrolling box is a labelled region that takes the focus, so that a keyboard can scroll it (WCAG 2.1.1).
 */
export function DataTable<T extends { id: number | string }>({ caption, columns, rows }: { caption: string; columns: Array<Column<T>>; rows: T[] }) {
  return (
    <div class="table-scroll" role="region" tabIndex={0} aria-label={caption}>
      <table class="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" key={i}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              {columns.map((c, i) => (
                <td key={i}>{c.cell(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
