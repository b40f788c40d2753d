import type * as CsvParseSync from 'csv-parse/sync';
import type * as CsvStringify from 'csv-stringify';
import type * as CsvStringifySync from 'csv-stringify/sync';
import { onFirstUse } from './lazy.js';

/** The CSV libraries, required on the first export or import rather than with the application. */
export const csvSync = onFirstUse<typeof CsvStringifySync>('csv-stringify/sync');
export const csvStream = onFirstUse<typeof CsvStringify>('csv-stringify');
export const csvParseSync = onFirstUse<typeof CsvParseSync>('csv-parse/sync');
