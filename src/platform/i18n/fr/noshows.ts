/** Messages of the noshows area (facilitation). */
export const noshows = {
} as const;
