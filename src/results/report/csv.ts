/**
 * One table of the report as a CSV file, as French spreadsheets open it: UTF-8 with a BOM, `;`
 * between fields, CRLF, decimal commas and no thousands separator (so the numbers stay numbers),
 * dates as 31/12/2026 and 31/12/2026 14:30 (Paris). A text cell that a spreadsheet would take for
 * a formula (= + - @, tab, CR first) gets a leading apostrophe, as in the other exports.
 * One file per table (`?table=`) rather than a ZIP: each opens straight in a spreadsheet.
 */
import { csvSync } from '../../platform/csv.js';
import { safeCell } from '../../registration/roster.js';
import { parisParts } from '../../platform/time.js';
import type { Cell, ReportTable } from './tables.js';

const decimalFormat = new Intl.NumberFormat('fr-FR', { useGrouping: false, maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('fr-FR', { useGrouping: false, maximumFractionDigits: 1 });
const two = (n: number) => String(n).padStart(2, '0');
const frenchDate = (date: string) => date.split('-').reverse().join('/');

export function csvValue(cell: Cell): string {
  switch (cell.kind) {
    case 'text':
      return safeCell(cell.value);
    case 'integer':
    case 'decimal':
      return decimalFormat.format(cell.value);
    case 'percent':
      // in points, the column's header says « (%) »: 66,7 rather than 0,667
      return cell.value === null ? '' : percentFormat.format(cell.value * 100);
    case 'date':
      return frenchDate(cell.value);
    case 'datetime': {
      const p = parisParts(new Date(cell.value));
      return `${frenchDate(p.date)} ${two(p.hour)}:${two(p.minute)}`;
    }
  }
}

export function renderReportCsv(table: ReportTable): string {
  const header = table.columns.map((c) => safeCell(c.header));
  return '\uFEFF' + csvSync().stringify([header, ...table.rows.map((row) => row.map(csvValue))], { delimiter: ';', record_delimiter: 'windows' });
}
