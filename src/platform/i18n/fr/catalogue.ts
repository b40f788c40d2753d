/** French messages of the catalogue capability (merged into the catalogue by ../messages.fr.ts). */
export const catalogue = {
} as const;
