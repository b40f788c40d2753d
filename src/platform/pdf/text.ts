/**
 * What every printable document shares: pdfkit's standard Helvetica (no font file to embed, so a
 * PDF stays small for rural links) draws only WinAnsi text; cells must hold text without
 * overflowing; a document ends up as one Buffer; a file name is plain ASCII.
 */
import type PDFDocument from 'pdfkit';

type Doc = InstanceType<typeof PDFDocument>;

// Characters of WinAnsiEncoding above Latin-1's printable range: the only other ones pdfkit's
// standard Helvetica can draw (no font file to embed, so the PDF stays small for rural links).
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Brings text into what the standard font can draw: Intl's narrow no-break space (U+202F, in
 * « 1 234 ») becomes a no-break space, other typographic spaces and hyphens their plain forms,
 * and anything else outside WinAnsi a « ? » instead of a wrong glyph.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (ch === '\u202F' || ch === '\u2007') out += '\u00A0';
    else if (code >= 0x2000 && code <= 0x200a) out += ' ';
    else if (ch === '\u2010' || ch === '\u2011' || ch === '\u2212') out += '-';
    else if (ch === '\u200B' || ch === '\u200C' || ch === '\u200D' || ch === '\uFEFF') continue;
    else if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else out += '?';
  }
  return out;
}

/** The whole document as one Buffer. Call it before `doc.end()`; it resolves once pdfkit has finished. */
export function pdfToBuffer(doc: Doc): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

const ELLIPSIS = '…';

/** The longest start of `text` that fits `width` in the current font, ending with « … » when cut. */
export function ellipsize(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS) <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}

/**
 * Text cut into at most `maxLines` lines of `width` in the current font: lines break between words
 * or after a hyphen, a word longer than a line is broken where it must, and the last line ends with
 * « … » if anything is left. Drawn line by line (`drawOneLine`), the text never leaves its cell.
 */
export function fitLines(doc: Doc, text: string, width: number, maxLines: number): string[] {
  // pieces to lay out: « Dupré-Lefèvre SARL » → « Dupré- », « Lefèvre » (glued), « SARL »
  const pieces = text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => (word.match(/[^-]+-*|-+/g) ?? [word]).map((s, k) => ({ s, space: k === 0 })));
  const lines: string[] = [];
  let current = '';
  let i = 0;
  while (i < pieces.length && lines.length < maxLines) {
    const piece = pieces[i]!;
    const candidate = current ? current + (piece.space ? ' ' : '') + piece.s : piece.s;
    if (doc.widthOfString(candidate) <= width) {
      current = candidate;
      i++;
    } else if (current) {
      lines.push(current);
      current = '';
      piece.space = true; // a piece opening a line needs no glue
    } else {
      // a single piece wider than the line: as many characters as fit, the rest goes on
      const chars = [...piece.s];
      let n = 1;
      while (n < chars.length && doc.widthOfString(chars.slice(0, n + 1).join('')) <= width) n++;
      lines.push(chars.slice(0, n).join(''));
      pieces[i] = { s: chars.slice(n).join(''), space: true };
    }
  }
  if (current && lines.length < maxLines) lines.push(current);
  if (i < pieces.length && lines.length) {
    const rest = pieces.slice(i).reduce((acc, p) => acc + (p.space ? ' ' : '') + p.s, lines.pop()!);
    lines.push(ellipsize(doc, rest, width));
  }
  return lines;
}

/** « Créer son site web ! » → « creer-son-site-web »: lowercase ASCII letters, digits and single dashes, for file names. */
export function asciiSlug(text: string, maxLength = 60): string {
  const slug = text
    .replace(/[Œœ]/g, 'oe')
    .replace(/[Ææ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[Øø]/g, 'o')
    .replace(/[ĐđÐð]/g, 'd')
    .replace(/[Łł]/g, 'l')
    .replace(/[Þþ]/g, 'th')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

/**
 * Draws `text` on one line at (x, y) within `width`, cut with « … » if it is longer, aligned by
 * hand: given a width, pdfkit's line wrapper may still wrap a line that measured as fitting.
 */
export function drawOneLine(doc: Doc, text: string, x: number, y: number, width: number, align: 'left' | 'center' | 'right' = 'left'): void {
  const line = ellipsize(doc, text, width);
  const room = width - doc.widthOfString(line);
  const dx = align === 'center' ? room / 2 : align === 'right' ? room : 0;
  doc.text(line, x + dx, y, { lineBreak: false });
}
