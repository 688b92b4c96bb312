import bwipjs from 'bwip-js';
import type { Label } from './label-data';

export type Symbology = 'qr' | 'code128';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The barcode alone, as SVG from bwip-js (BWIPP's encoders): QR, or Code 128 — GS1-128 for a lot's
 * element string, so a GS1 scanner reads the SKU and the lot as such. A quiet zone is kept around it.
 */
export function barcodeSvg(label: Label, symbology: Symbology): string {
  const gs1 = label.payload.startsWith('(');
  if (symbology === 'qr') {
    return bwipjs.toSVG({ bcid: 'qrcode', text: label.payload, scale: 4, paddingwidth: 4, paddingheight: 4 });
  }
  return bwipjs.toSVG({ bcid: gs1 ? 'gs1-128' : 'code128', text: label.payload, scale: 2, height: 14, paddingwidth: 10, paddingheight: 4 });
}

function viewBox(svg: string): [number, number] {
  const m = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg);
  if (!m) throw new Error('bwip-js gave an SVG without a viewBox');
  return [Number(m[1]), Number(m[2])];
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A whole label as one SVG: the barcode, the code in large print and a few lines for people. QR labels
 * are 84 × 40 mm (barcode left, text right), Code 128 labels 84 × 30 mm (text under the bars).
 */
export function labelSvg(label: Label, symbology: Symbology): string {
  const code = barcodeSvg(label, symbology);
  const [w, h] = viewBox(code);
  const inner = code.replace(/^<svg [^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const font = `font-family="DejaVu Sans, Arial, 'WenQuanYi Zen Hei', sans-serif" fill="#000"`;
  const W = 420;
  if (symbology === 'qr') {
    const H = 200;
    const s = Math.min(180 / w, 180 / h);
    const lines = label.lines
      .slice(0, 4)
      .map((l, i) => `<text x="200" y="${92 + i * 24}" font-size="17">${escape(clip(l, 22))}</text>`)
      .join('');
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="84mm" height="40mm" viewBox="0 0 ${W} ${H}">` +
      `<rect width="${W}" height="${H}" fill="#fff"/><g transform="translate(10 10) scale(${s})">${inner}</g>` +
      `<g ${font}><text x="200" y="50" font-size="${label.code.length > 13 ? 20 : 25}" font-weight="700">${escape(clip(label.code, 18))}</text>${lines}</g></svg>`
    );
  }
  const H = 150;
  const s = Math.min(400 / w, 96 / h);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="84mm" height="30mm" viewBox="0 0 ${W} ${H}">` +
    `<rect width="${W}" height="${H}" fill="#fff"/><g transform="translate(${(W - w * s) / 2} 4) scale(${s})">${inner}</g>` +
    `<g ${font} text-anchor="middle"><text x="${W / 2}" y="122" font-size="18" font-weight="700">${escape(clip(label.code, 32))}</text>` +
    `<text x="${W / 2}" y="142" font-size="13">${escape(clip(label.lines.join(' · '), 52))}</text></g></svg>`
  );
}

/** A printable sheet of labels: the browser prints it (or saves it as PDF) at the labels' true size. */
export function sheetHtml(labels: readonly Label[], symbology: Symbology, title: string): string {
  const cells = labels.map((l) => `<figure class="label">${labelSvg(l, symbology)}</figure>`).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
  body { margin: 10mm; font-family: sans-serif; }
  h1 { font-size: 12pt; margin: 0 0 4mm; }
  .sheet { display: flex; flex-wrap: wrap; gap: 4mm; }
  .label { margin: 0; border: 0.2mm dashed #999; break-inside: avoid; }
  .label svg { display: block; }
  @media print { body { margin: 5mm; } h1 { display: none; } .label { border-color: transparent; } }
</style></head>
<body><h1>${escape(title)}</h1><div class="sheet">
${cells}
</div></body></html>`;
}
