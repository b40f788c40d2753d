/** Messages of the gonogo area (on demand). */
export const gonogo = {
} as const;
