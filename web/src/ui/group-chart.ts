import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimelineAnswer } from '../api/types';
import { formatTimelineValue, meaningOf } from '../model/timeline-units';
import { el, replaceChildren } from './dom';

/** Line colours in legend order; a value past the last reuses them from the start. */
export const GROUP_COLORS = ['#e8590c', '#1c7ed6', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c', '#5c940d', '#495057', '#3b5bdb'];

/**
 * One line per label value of a grouped timeline on one chart (uPlot, canvas), with a legend of the values as
 * text. {@code order} names the values in legend order (the line of value v gets colour GROUP_COLORS[i]).
 */
export class GroupChart {
  readonly element: HTMLElement;
  private readonly host = el('div', { class: 'timeline-chart' });
  private readonly legend = el('ul', { class: 'group-legend', testid: 'tag-legend' });
  private plot: uPlot | null = null;

  constructor(testid: string, private readonly height = 220) {
    this.element = el('div', { class: 'timeline group-chart', testid }, this.host, this.legend);
    new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: this.height })).observe(this.host);
  }

  /** Draws {@code answer}'s lines over [fromMs, toMs), in the order of {@code order} (label values). */
  setData(answer: TimelineAnswer, order: readonly string[], fromMs: number, toMs: number): void {
    this.plot?.destroy();
    const key = answer.groupBy ?? '';
    const byValue = new Map(answer.lines.map((l) => [l.labels[key] ?? '', l.values]));
    const steps = answer.lines[0]?.values.length ?? 0;
    const xs = Array.from({ length: steps }, (_, k) => answer.start / 1000 + k * answer.step);
    const ys = order.map((v) => byValue.get(v) ?? []);
    const meaning = meaningOf(answer);
    const opts: uPlot.Options = {
      width: this.width(),
      height: this.height,
      legend: { show: false },
      cursor: { y: false, drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: true, range: () => [fromMs / 1000, toMs / 1000] }, y: { range: (_u, _lo, hi) => [0, hi > 0 ? hi * 1.1 : 1] } },
      axes: [
        { stroke: '#6c757d', space: 90, grid: { stroke: '#f1f3f5' }, ticks: { stroke: '#dee2e6' } },
        { stroke: '#6c757d', size: 70, grid: { stroke: '#f1f3f5' }, ticks: { stroke: '#dee2e6' }, values: (_u, splits) => splits.map((v) => formatTimelineValue(v, meaning)) },
      ],
      series: [{}, ...ys.map((values, i) => ({ stroke: color(i), width: 1.5, spanGaps: true, points: { show: steps < 60 || isolated(values), size: 4, fill: color(i) } }))],
    };
    this.plot = new uPlot(opts, [xs, ...ys] as uPlot.AlignedData, this.host);
    replaceChildren(
      this.legend,
      ...order.map((v, i) =>
        el('li', { class: 'group-legend-item' }, swatch(i), v === '' ? el('em', {}, '(no value)') : v),
      ),
    );
  }

  clear(): void {
    this.plot?.destroy();
    this.plot = null;
    replaceChildren(this.legend);
  }

  private width(): number {
    return Math.max(200, this.host.clientWidth);
  }
}

export function color(index: number): string {
  return GROUP_COLORS[index % GROUP_COLORS.length]!;
}

/** A small square of the line colour of index {@code index}. */
export function swatch(index: number): HTMLElement {
  const span = el('span', { class: 'group-swatch', 'aria-hidden': 'true' });
  span.style.background = color(index);
  return span;
}

/** Whether some value has no neighbour (profiles further apart than a step): lines join them across the gap, and points mark them. */
function isolated(values: readonly (number | null)[]): boolean {
  return values.some((v, k) => v !== null && (values[k - 1] ?? null) === null && (values[k + 1] ?? null) === null);
}
