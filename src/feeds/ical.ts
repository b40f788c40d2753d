import type * as IcalGenerator from 'ical-generator';
import { onFirstUse } from '../platform/lazy.js';

/** ical-generator, required on the first calendar written (a feed, a registration's mail), not with the application. */
export const icalGenerator = onFirstUse<typeof IcalGenerator>('ical-generator');
