import type { FlameModel } from '../model/flame-model';
import type { Palette } from './colors';

const ROW = 20;
/** Frames narrower than this (px) are left out, as on the canvas. */
const MIN_WIDTH = 0.35;
const CHAR = 7.2;
const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The whole flame graph (root on top) as an SVG document of {@code width} px: one rect per frame wide
 * enough to see, its name as a label where it fits and as a <title> always. Names are set as text nodes,
 * so the serializer escapes them: no name becomes markup.
 */
export function flameSvg(model: FlameModel, palette: Palette, width: number, describe: (node: number) => string): string {
  const doc = document.implementation.createDocument(SVG_NS, 'svg', null);
  const svg = doc.documentElement;
  const k = model.numTicks > 0 ? width / model.numTicks : 0;
  let depth = 1;
  const make = (tag: string, attrs: Record<string, string | number>): Element => {
    const e = doc.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs)) {
      e.setAttribute(key, String(value));
    }
    return e;
  };
  for (let n = 0; n < model.count; n++) {
    const w = model.total[n]! * k;
    if (w < MIN_WIDTH) {
      continue;
    }
    const level = model.level[n]!;
    depth = Math.max(depth, level + 1);
    const x = model.start[n]! * k;
    const y = level * ROW;
    const g = make('g', {});
    const title = make('title', {});
    title.textContent = describe(n);
    g.appendChild(title);
    const i = palette.index[n]!;
    g.appendChild(make('rect', { x: x.toFixed(2), y, width: (w > 2 ? w - 1 : w).toFixed(2), height: ROW - 1, fill: palette.fills[i]! }));
    const room = Math.floor((w - 8) / CHAR);
    if (room >= 2) {
      const name = model.names[model.name[n]!]!;
      const text = make('text', { x: (x + 4).toFixed(2), y: y + 14, fill: palette.texts[i]! });
      text.textContent = name.length <= room ? name : name.slice(0, room - 1) + '…';
      g.appendChild(text);
    }
    svg.appendChild(g);
  }
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(depth * ROW));
  svg.setAttribute('viewBox', `0 0 ${width} ${depth * ROW}`);
  svg.setAttribute('font-family', 'ui-monospace, Menlo, Consolas, monospace');
  svg.setAttribute('font-size', '12');
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
}
