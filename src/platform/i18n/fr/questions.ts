/** Messages of the questions area (facilitation). */
export const questions = {
} as const;
