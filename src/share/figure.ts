/**
 * Plots and tables of the page as files: an HTML table as CSV, a plot's `<figure>` as a standalone SVG (computed
 * styles inlined, the HTML legend drawn under the plot) and as PNG. Browser only.
 */
import { toCsv } from './csv.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
];

/** A table's header and body cells as CSV (the text as shown; a cell's data-value wins when present). */
export function tableCsv(table: HTMLTableElement): string {
  const text = (c: Element) => (c as HTMLElement).dataset.value ?? (c.textContent ?? '').trim();
  const head = [...table.querySelectorAll('thead tr')].at(-1);
  const header = head ? [...head.children].map(text) : [];
  const rows = [...table.querySelectorAll('tbody tr')].map((r) => [...r.children].map(text));
  return toCsv(header, rows);
}

function inlineStyles(source: Element, clone: Element): void {
  const cs = getComputedStyle(source);
  const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
  clone.setAttribute('style', style);
  const a = source.children;
  const b = clone.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i], b[i]);
}

interface LegendEntry {
  label: string;
  color: string;
  dashed: boolean;
}

function legendEntries(figure: Element): LegendEntry[] {
  return [...figure.querySelectorAll('.legend li')].map((li) => {
    const sw = li.querySelector('.swatch');
    const cs = sw ? getComputedStyle(sw) : null;
    const dashed = !!sw?.classList.contains('dashed');
    return {
      label: (li.textContent ?? '').trim(),
      color: (dashed ? cs?.borderTopColor : cs?.backgroundColor) ?? '#000',
      dashed,
    };
  });
}

/** The figure's plot as SVG text, with its legend; width and height in CSS pixels. */
export function figureSvg(figure: Element): { svg: string; width: number; height: number } {
  const source = figure.querySelector('svg');
  if (!source) throw new Error('this figure has no plot to export');
  const clone = source.cloneNode(true) as SVGSVGElement;
  inlineStyles(source, clone);
  const width = Number(source.getAttribute('width')) || source.getBoundingClientRect().width;
  const plotHeight = Number(source.getAttribute('height')) || source.getBoundingClientRect().height;
  const entries = legendEntries(figure);
  const rowH = 18;
  const perRow = Math.max(1, Math.floor(width / 180));
  const legendH = entries.length ? Math.ceil(entries.length / perRow) * rowH + 8 : 0;
  const height = plotHeight + legendH;
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const color = getComputedStyle(figure).color;
  const bg = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ width, height, fill: '#ffffff' })) bg.setAttribute(k, String(v));
  clone.insertBefore(bg, clone.firstChild);
  if (entries.length) {
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('class', 'legend');
    entries.forEach((e, i) => {
      const x = 8 + (i % perRow) * 180;
      const y = plotHeight + 8 + Math.floor(i / perRow) * rowH;
      const mark = document.createElementNS(SVG_NS, e.dashed ? 'line' : 'rect');
      const attrs: Record<string, string | number> = e.dashed
        ? {
            x1: x,
            x2: x + 14,
            y1: y + 6,
            y2: y + 6,
            stroke: e.color,
            'stroke-width': 2,
            'stroke-dasharray': '4 2',
          }
        : { x, y, width: 14, height: 10, rx: 2, fill: e.color };
      for (const [k, v] of Object.entries(attrs)) mark.setAttribute(k, String(v));
      const label = document.createElementNS(SVG_NS, 'text');
      for (const [k, v] of Object.entries({ x: x + 20, y: y + 9, 'font-size': 12, fill: color })) {
        label.setAttribute(k, String(v));
      }
      label.setAttribute('font-family', 'system-ui, sans-serif');
      label.textContent = e.label;
      g.append(mark, label);
    });
    clone.append(g);
  }
  return { svg: new XMLSerializer().serializeToString(clone), width, height };
}

/** SVG text rendered to a PNG at `scale` device pixels per CSS pixel. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw images');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((res, rej) =>
      canvas.toBlob((b) => (b ? res(b) : rej(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves bytes or text as a file the browser downloads. */
export function download(
  name: string,
  data: Blob | string | Uint8Array,
  type = 'application/octet-stream',
): void {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file-name-safe slug of a label. */
export function slug(text: string, fallback = 'export'): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return s || fallback;
}
