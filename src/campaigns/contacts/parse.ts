import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { csvParseSync } from '../../platform/csv.js';

/** exceljs is big: loaded on the first workbook, not with the app (every process and test file paid for it). */
const loadExcel = async () => (await import('exceljs')).default;

/** Limits of one contacts file: beyond them the file is refused as a whole, nothing is read. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 60_000;

export type Encoding = 'utf-8' | 'windows-1252' | 'xlsx';
export type Delimiter = ';' | ',' | '\t';

/**
 * A contacts file as cells of text. `rows[i]` is the spreadsheet's line i + 2 (the header is
 * line 1); an empty line stays as an empty array so that line numbers match what people see.
 */
export interface ContactTableData {
  headers: string[];
  rows: string[][];
  encoding: Encoding;
  delimiter: Delimiter | null;
}

export type ParseError = 'empty' | 'too_many_rows' | 'unreadable' | 'no_header';
export type ParseResult = { ok: true; table: ContactTableData } | { ok: false; error: ParseError; rows?: number };

/** UTF-8 (BOM stripped) when the bytes are valid UTF-8, else Windows-1252: what Excel saves as « CSV ». */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** 0x80–0x9F in Windows-1252 (€, œ, ’, « smart quotes »…); undefined positions stay as their control code. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/**
 * Windows-1252 by hand: Node's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x80–0x9F become
 * control codes: € and œ are lost), a known Node bug; the rest of the range is ISO-8859-1.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** The separator of the header line (outside quotes): the most frequent of `;`, `,` and tab; `,` by default. */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.entries(counts) as Array<[Delimiter, number]>).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

function toTable(records: string[][], encoding: Encoding, delimiter: Delimiter | null): ParseResult {
  const [header, ...rest] = records;
  if (!header || header.every((h) => h.trim() === '')) return { ok: false, error: records.length ? 'no_header' : 'empty' };
  // trailing empty lines are not rows; empty lines inside keep their place (line numbers)
  while (rest.length && rest[rest.length - 1]!.every((c) => c.trim() === '')) rest.pop();
  if (rest.length > MAX_IMPORT_ROWS) return { ok: false, error: 'too_many_rows', rows: rest.length };
  if (rest.length === 0) return { ok: false, error: 'empty' };
  const rows = rest.map((r) => (r.every((c) => c.trim() === '') ? [] : r.map((c) => c.trim())));
  return { ok: true, table: { headers: header.map((h) => h.trim()), rows, encoding, delimiter } };
}

/** A CSV file's bytes to cells: encoding and separator detected, quotes relaxed (a stray `"` inside a field is kept). */
export function parseCsv(bytes: Uint8Array): ParseResult {
  const { text, encoding } = decodeText(bytes);
  if (text.trim() === '') return { ok: false, error: 'empty' };
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = csvParseSync().parse(text, { delimiter, bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
  } catch {
    return { ok: false, error: 'unreadable' };
  }
  return toTable(records, encoding, delimiter);
}

/** A cell's value as text. A formula is never evaluated: its cached result, or the formula itself (then refused by validation). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null || typeof result === 'object') return `=${(value as { formula?: string }).formula ?? ''}`;
    return String(result);
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  // a hyperlink (Excel turns addresses into mailto: links): its text, itself sometimes rich
  if ('text' in value) return typeof value.text === 'object' && value.text !== null && 'richText' in value.text ? cellText(value.text) : String(value.text);
  if ('error' in value) return '';
  return '';
}

/**
 * The first worksheet of an XLSX file, as text cells, read as a stream: rows are taken one by one
 * and reading stops at the row limit, so a workbook that unpacks to far more than its 10 MB (many
 * rows, or a crafted archive) is refused without being held in memory whole.
 */
export async function parseXlsx(bytes: Uint8Array): Promise<ParseResult> {
  const Excel = await loadExcel();
  const reader = new Excel.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  const records: string[][] = [];
  let width = 0;
  let tooMany = false;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const r = (row as ExcelJS.Row).number;
        if (r - 1 > MAX_IMPORT_ROWS) {
          tooMany = true;
          break;
        }
        const cells: string[] = [];
        let tooLong = false;
        (row as ExcelJS.Row).eachCell({ includeEmpty: true }, (cell, c) => {
          const text = cellText(cell.value);
          if (text.length > MAX_CELL_CHARS) tooLong = true;
          cells[c - 1] = text;
        });
        if (tooLong) return { ok: false, error: 'unreadable' };
        // rows missing from the file (empty in the spreadsheet) keep their place: line numbers match
        while (records.length < r - 1) records.push([]);
        records[r - 1] = Array.from(cells, (v) => v ?? '');
        width = Math.max(width, cells.length);
      }
      break; // the first worksheet only
    }
  } catch {
    return { ok: false, error: 'unreadable' };
  }
  if (tooMany) return { ok: false, error: 'too_many_rows' }; // the count is unknown: reading stopped
  if (!records.length) return { ok: false, error: 'empty' };
  return toTable(records.map((cells) => (cells.length ? [...cells, ...Array<string>(width - cells.length).fill('')] : Array<string>(width).fill(''))), 'xlsx', null);
}

/** XLSX is a zip archive: recognised by its signature, whatever the file's name says. */
export const isXlsx = (bytes: Uint8Array) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * Bytes that are no text: a NUL, or more than 1 % of control characters (tab, CR, LF aside), in
 * the first 64 kB. A program or an archive renamed .csv is refused as unreadable rather than
 * imported as lines of garbage. (A UTF-16 export has NULs too: it gets the same advice, save as CSV.)
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 65536);
  let controls = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls++;
  }
  return controls > head.length / 100;
}

/** A workbook unpacks to at most this much, and at most this many times its packed size (a real one: 5 to 20). */
export const MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024;
export const MAX_XLSX_RATIO = 100;

/**
 * Whether a ZIP's central directory announces a reasonable unpacked size: a crafted archive (a
 * « zip bomb ») that would unpack to gigabytes is refused before anything is inflated. Sizes that
 * the directory cannot give (no directory, ZIP64) count as unreasonable.
 */
export function reasonableZip(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return false;
  const entries = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  let unpacked = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return false;
    const size = buf.readUInt32LE(at + 24);
    if (size === 0xffffffff) return false;
    unpacked += size;
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return unpacked <= MAX_XLSX_UNPACKED_BYTES && unpacked <= buf.length * MAX_XLSX_RATIO;
}

/** No contact detail is this long: a longer cell is a crafted or broken file, not a contact list. */
export const MAX_CELL_CHARS = 2000;

export async function parseContactFile(bytes: Uint8Array): Promise<ParseResult> {
  if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, error: 'unreadable' };
  if (isXlsx(bytes)) return reasonableZip(bytes) ? parseXlsx(bytes) : { ok: false, error: 'unreadable' };
  return looksBinary(bytes) ? { ok: false, error: 'unreadable' } : parseCsv(bytes);
}
