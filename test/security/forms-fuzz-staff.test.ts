import { fuzzForms } from './forms-fuzz.js';

// The back office's forms (/equipe…); the public and participant ones are in forms-fuzz-public.test.ts (two files: each stays under the runner's 120 s).
fuzzForms('back-office forms fuzzed with fast-check', (route) => route.startsWith('/equipe'), false);
