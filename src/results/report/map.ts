import type { Executor } from '../../platform/db/database.js';
import { t } from '../../platform/i18n/index.js';
import { toWinAnsi } from '../../platform/pdf/text.js';
import { territoryMapData } from '../map/queries.js';
import { territoryMapLayout } from '../map/views.js';
import type { MapBox, ReportPdfOptions } from './pdf.js';

const LEGEND_WIDTH = 150;
const NONE_FILL_PDF = '#e4e4e4';

/**
 * The territory map of a cycle for the report's PDF, from the same layout as the dashboard's SVG
 * (d3-geo paths, which pdfkit draws as they are), or undefined when no contours are loaded (the PDF
 * then lists the communes reached). Hatching becomes a plain light grey, named in the legend.
 */
export async function reportMapDrawer(db: Executor, territoryId: number, cycleId: number): Promise<ReportPdfOptions['drawMap']> {
  const data = await territoryMapData(db, territoryId, { cycleId });
  if (!data.contours) return undefined;
  return (doc: PDFKit.PDFDocument, box: MapBox) => {
    const layout = territoryMapLayout(data, box.width - LEGEND_WIDTH, box.height);
    if (!layout) return;
    doc.save();
    doc.translate(box.x, box.y);
    for (const a of layout.areas) doc.path(a.d).fillColor(a.hatched ? NONE_FILL_PDF : a.fill).strokeColor('#ffffff').lineWidth(0.4).fillAndStroke();
    doc.font('Helvetica').fontSize(7);
    for (const p of layout.points) {
      doc.circle(p.x, p.y, 2.5).fillColor('#b33c00').fill();
      doc.fillColor('#1b1b1b').text(toWinAnsi(p.name), p.x + 5, p.y - 3.5, { lineBreak: false });
    }
    const x = layout.width + 12;
    doc.font('Helvetica-Bold').fontSize(8).fillColor('#1b1b1b').text(toWinAnsi(t('map.legend.title')), x, 4, { width: LEGEND_WIDTH - 14 });
    let y = doc.y + 6;
    doc.font('Helvetica');
    for (const item of layout.legend) {
      doc.rect(x, y, 10, 10).fillColor(item.hatched ? NONE_FILL_PDF : item.fill).strokeColor('#8a8a8a').lineWidth(0.4).fillAndStroke();
      doc.fillColor('#1b1b1b').fontSize(8).text(toWinAnsi(item.label), x + 15, y + 1, { width: LEGEND_WIDTH - 30 });
      y += 16;
    }
    doc.restore();
  };
}
