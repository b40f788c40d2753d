/** French messages of the feeds capability (merged into the catalogue by ../messages.fr.ts). */
export const feeds = {
} as const;
