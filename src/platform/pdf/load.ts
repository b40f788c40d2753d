/**
 * pdfkit, loaded on the first document rather than with the application: it weighs ~0.2 s of start-up
 * (fonts, its dependencies) that most processes never need. Later calls get the cached module.
 */
export const loadPdfKit = async () => (await import('pdfkit')).default;
