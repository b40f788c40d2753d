/** Messages of the facilitation area. */
export const facilitation = {
} as const;
