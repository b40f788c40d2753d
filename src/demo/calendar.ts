/** The Paris-time helpers moved to the platform; re-exported for the demo's modules. */
export { addDays, parisParts, parisTime, weekdayOf } from '../platform/time.js';
