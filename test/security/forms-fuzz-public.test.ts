import { fuzzForms } from './forms-fuzz.js';

// The public and participant forms, and the check that every POST route of the app has a fuzz entry; the back office's in forms-fuzz-staff.test.ts.
fuzzForms('public and participant forms fuzzed with fast-check', (route) => !route.startsWith('/equipe'), true);
