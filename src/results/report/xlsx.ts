/**
 * The report as an Excel workbook (exceljs): one worksheet per table, the header row bold and
 * frozen, numbers as numbers, dates as real dates in the French order, column widths set.
 * Written whole in memory with writeBuffer: a cycle's report is a few hundred rows at most (the
 * rows are groups and held sessions, never people), far below what would need the streaming writer.
 * Text cells are written as strings, never as formulas: « =HYPERLINK(…) » typed by someone stays
 * text in the workbook, so no prefix is needed here (unlike the CSV files).
 */
import type ExcelJS from 'exceljs';

/** exceljs is big: loaded on the first workbook, not with the app (every process and test file paid for it). */
const loadExcel = async () => (await import('exceljs')).default;
import { parisParts } from '../../platform/time.js';
import type { ReportData } from './data.js';
import { reportDocumentInfo } from './info.js';
import { reportTables, type Cell } from './tables.js';

const FORMATS = {
  integer: '#,##0',
  decimal: '#,##0.00',
  percent: '0.0%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
} as const;

/** A calendar date as the spreadsheet's date (its serial counts days, whatever the time zone). */
const calendarDate = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};

/** An instant as the Paris wall-clock time a person reads in the cell (spreadsheets have no time zones). */
const parisWallClock = (instant: string) => {
  const p = parisParts(new Date(instant));
  const [y, m, d] = p.date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, p.hour, p.minute));
};

function cellValue(cell: Cell): { value: ExcelJS.CellValue; numFmt?: string } {
  switch (cell.kind) {
    case 'text':
      return { value: cell.value };
    case 'integer':
    case 'decimal':
      return { value: cell.value, numFmt: FORMATS[cell.kind] };
    case 'percent':
      return cell.value === null ? { value: null } : { value: cell.value, numFmt: FORMATS.percent };
    case 'date':
      return { value: calendarDate(cell.value), numFmt: FORMATS.date };
    case 'datetime':
      return { value: parisWallClock(cell.value), numFmt: FORMATS.datetime };
  }
}

export async function renderReportXlsx(data: ReportData): Promise<Buffer> {
  const info = reportDocumentInfo(data);
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  workbook.creator = info.Author;
  workbook.lastModifiedBy = info.Author;
  workbook.title = info.Title;
  workbook.subject = info.Subject;
  workbook.company = data.programme.publisher;
  workbook.created = new Date(data.generatedAt);
  workbook.modified = new Date(data.generatedAt);

  for (const table of reportTables(data)) {
    const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    for (const cells of table.rows) {
      const row = sheet.addRow([]);
      cells.forEach((cell, i) => {
        const target = row.getCell(i + 1);
        const { value, numFmt } = cellValue(cell);
        target.value = value;
        if (numFmt) target.numFmt = numFmt;
      });
    }
    if (table.rows.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
