/** Messages of the ondemand area (on demand). */
export const ondemand = {
} as const;
