/**
 * Structured data for search engines and calendars (schema.org in JSON-LD). A <script> holds raw
 * text, so this is the one place of the catalogue that writes unescaped content (listed in
 * test/escaping.test.ts): the JSON is built by JSON.stringify and every « < » becomes \u003c, so
 * no value can close the script element or open a comment, whatever a title contains.
 */
export function JsonLd({ data }: { data: Record<string, unknown> }) {
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}
