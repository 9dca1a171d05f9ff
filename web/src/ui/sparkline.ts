/**
 * A small SVG line of a series of values, scaled to its own min and max. With {@code split}, the values
 * before that index are drawn as the baseline (grey) and the rest as the comparison, with a gap between.
 * Only numbers reach the SVG: no text from the data is drawn.
 */
const SVG = 'http://www.w3.org/2000/svg';

export function sparkline(values: readonly number[], split = 0, width = 160, height = 28): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('aria-hidden', 'true');
  if (values.length === 0) {
    return svg;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const range = max - min || 1;
  const gap = split > 0 && split < values.length ? 6 : 0;
  const step = (width - 2 - gap) / Math.max(1, values.length - 1);
  const point = (v: number, i: number): string =>
    `${(1 + i * step + (gap && i >= split ? gap : 0)).toFixed(1)},${(height - 2 - ((v - min) / range) * (height - 4)).toFixed(1)}`;
  const parts = gap ? [values.slice(0, split), values.slice(split)] : [values.slice()];
  let offset = 0;
  parts.forEach((part, k) => {
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', part.map((v, i) => point(v, i + offset)).join(' '));
    line.setAttribute('class', parts.length > 1 && k === 0 ? 'spark-baseline' : 'spark-line');
    svg.appendChild(line);
    offset += part.length;
  });
  return svg;
}
