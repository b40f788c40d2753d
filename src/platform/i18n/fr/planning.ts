/** French messages of the planning capability (merged into the catalogue by ../messages.fr.ts). */
export const planning = {
} as const;
