/**
 * Reading generated PDFs back in tests with pdf.js (Mozilla's reader), which shares nothing with
 * pdfkit: the text a reader extracts, the page sizes, the metadata, and a page drawn to pixels.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// pdf.js draws the 14 standard fonts (pdfkit's Helvetica) from these files: no system font is used.
const standardFontDataUrl = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

const open = (buffer: Buffer) => getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, disableFontFace: true, standardFontDataUrl }).promise;

export interface ReadPdf {
  pages: number;
  /** [x0, y0, x1, y1] of each page in points: A4 is [0, 0, 595.28, 841.89]. */
  sizes: number[][];
  /** One entry per page, each a list of text lines, whitespace (no-break spaces too) made single spaces. */
  lines: string[][];
  /** One entry per page: every piece of text where it was drawn, in points from the page's top left (y is the baseline). */
  items: PdfTextItem[][];
  info: Record<string, unknown>;
}

export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
}

/** Reads a PDF back: its pages' sizes and text lines, and its metadata. */
export async function readPdf(buffer: Buffer): Promise<ReadPdf> {
  const doc = await open(buffer);
  const sizes: number[][] = [];
  const lines: string[][] = [];
  const items: PdfTextItem[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    sizes.push(page.view.map((v) => Math.round(v * 100) / 100));
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
    lines.push(text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean));
    const top = page.view[3]!;
    items.push(
      content.items.flatMap((item) =>
        'str' in item && item.str.trim() ? [{ str: item.str.replace(/\s+/g, ' ').trim(), x: item.transform[4] as number, y: top - (item.transform[5] as number), width: item.width }] : [],
      ),
    );
  }
  const { info } = await doc.getMetadata();
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, sizes, lines, items, info: info as Record<string, unknown> };
}

export interface PageImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row by row from the top left. */
  data: Uint8ClampedArray;
}

/**
 * Draws one page (1-based) with pdf.js onto a Skia canvas (@napi-rs/canvas), `scale` pixels a
 * point (1 gives 595 × 842 for A4). What a person would see on screen or paper.
 */
export async function renderPageToImage(buffer: Buffer, pageNumber = 1, scale = 1): Promise<PageImage> {
  const doc = await open(buffer);
  try {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    const canvas = createCanvas(width, height);
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
    const { data } = canvas.getContext('2d').getImageData(0, 0, width, height);
    return { width, height, data: new Uint8ClampedArray(data) };
  } finally {
    await doc.destroy();
  }
}

/**
 * The share (0..1) of pixels that are not white: any channel darker than `threshold`, a
 * transparent pixel counting as white paper. Anti-aliased edges of text count as ink.
 */
export function nonWhiteShare(image: PageImage, threshold = 240): number {
  let ink = 0;
  const pixels = image.width * image.height;
  for (let i = 0; i < pixels * 4; i += 4) {
    if (image.data[i + 3]! === 0) continue;
    if (image.data[i]! < threshold || image.data[i + 1]! < threshold || image.data[i + 2]! < threshold) ink++;
  }
  return pixels ? ink / pixels : 0;
}
