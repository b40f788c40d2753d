/**
 * Reading a CSV back and checking it against a Frictionless Table Schema (the form of the national
 * open-data standards on schema.data.gouv.fr). Used by the tests of the open-data export, so that
 * what we publish is checked by code that does not share the exporter's assumptions.
 */

/** Strict RFC 4180: comma-separated, CRLF or LF records, "quoted" fields with "" for a quote. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      // quoted field: runs to the next lone quote
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated quoted field in record ${records.length + 1}`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      const after = text[i];
      if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') throw new Error(`text after a closing quote in record ${records.length + 1}`);
      continue;
    }
    if (ch === '"') throw new Error(`quote inside an unquoted field in record ${records.length + 1}`);
    if (ch === ',') endField();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (ch === '\n') endRecord();
    else field += ch;
    i++;
  }
  if (field !== '' || record.length) endRecord(); // last record without a final line break
  return records;
}

export interface TableSchemaField {
  name: string;
  type?: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean; pattern?: string; maxLength?: number; minLength?: number; enum?: string[]; minimum?: number; maximum?: number };
}

export interface TableSchema {
  fields: TableSchemaField[];
  primaryKey?: string | string[];
  missingValues?: string[];
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function typeError(field: TableSchemaField, value: string): string | null {
  switch (field.type ?? 'string') {
    case 'number':
      return NUMBER.test(value) ? null : 'not a number';
    case 'integer':
      return INTEGER.test(value) ? null : 'not an integer';
    case 'date':
      return (field.format ?? 'default') === 'default' && !isDate(value) ? 'not a YYYY-MM-DD date' : null;
    case 'boolean':
      return ['true', 'false', 'True', 'False', 'TRUE', 'FALSE', '1', '0'].includes(value) ? null : 'not a boolean';
    case 'string':
      return null;
    default:
      return `type ${field.type} not handled by this validator`;
  }
}

/** Every way the CSV breaks the schema, as « row 3, telephone: does not match the pattern »; [] when valid. */
export function validateAgainstTableSchema(schema: TableSchema, records: string[][]): string[] {
  const errors: string[] = [];
  const [header, ...rows] = records;
  const names = schema.fields.map((f) => f.name);
  if (!header || header.join(',') !== names.join(',')) {
    errors.push(`header differs from the schema: expected ${names.join(',')}, got ${header?.join(',') ?? 'nothing'}`);
    return errors;
  }
  const missing = new Set(schema.missingValues ?? ['']);
  const keys = new Set([...schema.fields.filter((f) => f.constraints?.unique).map((f) => f.name), ...[schema.primaryKey ?? []].flat()]);
  const seen = new Map<string, Set<string>>([...keys].map((k) => [k, new Set<string>()]));
  rows.forEach((row, r) => {
    const where = (name: string) => `row ${r + 1}, ${name}`;
    if (row.length !== names.length) {
      errors.push(`row ${r + 1}: ${row.length} cells for ${names.length} columns`);
      return;
    }
    schema.fields.forEach((field, c) => {
      const value = row[c]!;
      const cons = field.constraints ?? {};
      if (missing.has(value)) {
        if (cons.required || keys.has(field.name)) errors.push(`${where(field.name)}: required, but empty`);
        return;
      }
      const bad = typeError(field, value);
      if (bad) errors.push(`${where(field.name)}: ${bad} (${JSON.stringify(value)})`);
      // Table Schema patterns are XML Schema regular expressions: they must match the whole value.
      if (cons.pattern && !new RegExp(`^(?:${cons.pattern})$`, 'u').test(value)) errors.push(`${where(field.name)}: does not match ${cons.pattern} (${JSON.stringify(value)})`);
      const length = [...value].length;
      if (cons.maxLength !== undefined && length > cons.maxLength) errors.push(`${where(field.name)}: ${length} characters, more than ${cons.maxLength}`);
      if (cons.minLength !== undefined && length < cons.minLength) errors.push(`${where(field.name)}: ${length} characters, fewer than ${cons.minLength}`);
      if (cons.enum && !cons.enum.includes(value)) errors.push(`${where(field.name)}: not one of ${cons.enum.join(', ')}`);
      if (cons.minimum !== undefined && Number(value) < cons.minimum) errors.push(`${where(field.name)}: below ${cons.minimum}`);
      if (cons.maximum !== undefined && Number(value) > cons.maximum) errors.push(`${where(field.name)}: above ${cons.maximum}`);
      const values = seen.get(field.name);
      if (values) {
        if (values.has(value)) errors.push(`${where(field.name)}: ${JSON.stringify(value)} is not unique`);
        values.add(value);
      }
    });
  });
  return errors;
}
