/** Messages of the documents area. */
export const documents = {
} as const;
