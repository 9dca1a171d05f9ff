import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimelineAnswer } from '../api/types';
import { axisLabel, describeLine, formatTimelineValue, meaningOf, type TimelineMeaning } from '../model/timeline-units';
import { el } from './dom';

export interface Band {
  fromMs: number;
  toMs: number;
  color: string;
  label: string;
}

export interface TimelineOptions {
  testid: string;
  height?: number;
  /** A range dragged on the chart, in ms since the epoch. */
  onSelect: (fromMs: number, toMs: number) => void;
}

/** Data covering less than this share of the window is drawn over its own extent, with the window named. */
const FIT_BELOW = 0.5;

/**
 * A rate or average over time (see the API's timeline), drawn by uPlot (canvas, ~50 KB, no framework).
 * The caption says what the line is and the step; hovering shows the value and time under the cursor.
 * Dragging across it selects a range; bands mark ranges such as the two sides of "before vs after".
 * For tests and linked charts the element carries data-y-max (the y-scale's top) and data-y-ticks.
 */
export class Timeline {
  readonly element: HTMLElement;
  private readonly chartHost = el('div', { class: 'timeline-chart' });
  private readonly caption: HTMLElement;
  private readonly hover: HTMLElement;
  private readonly extent: HTMLElement;
  private plot: uPlot | null = null;
  private bands: Band[] = [];
  private meaning: TimelineMeaning = { measure: 'rate', unit: 'count', step: 0 };
  private data: uPlot.AlignedData = [[], []];
  private window: [number, number] = [0, 1];
  private xRange: [number, number] = [0, 1];
  private sparse = false;
  private sharedMax: number | null = null;
  private readonly dataListeners: (() => void)[] = [];

  constructor(private readonly options: TimelineOptions) {
    this.caption = el('span', { class: 'timeline-caption', testid: options.testid + '-caption' });
    this.extent = el('span', { class: 'timeline-extent', testid: options.testid + '-extent' });
    this.hover = el('span', { class: 'timeline-hover', testid: options.testid + '-hover' });
    this.element = el(
      'div',
      { class: 'timeline', testid: options.testid },
      el('div', { class: 'timeline-head' }, this.caption, this.extent, el('span', { class: 'spacer' }), this.hover),
      this.chartHost,
    );
    new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: this.height() })).observe(this.chartHost);
  }

  /** Called after each setData or clear, e.g. to share one y-scale between charts. */
  onData(listener: () => void): void {
    this.dataListeners.push(listener);
  }

  /** The largest value shown, 0 without data. */
  dataMax(): number {
    return (this.data[1] as (number | null)[]).reduce<number>((m, v) => (v !== null && v > m ? v : m), 0);
  }

  /** The first step's start and the last step's end that hold data (ms), or null without data. */
  dataExtent(): [number, number] | null {
    const xs = this.data[0] as number[];
    const ys = this.data[1] as (number | null)[];
    const first = ys.findIndex((v) => v !== null);
    if (first < 0) {
      return null;
    }
    let last = ys.length - 1;
    while (ys[last] === null) {
      last--;
    }
    return [(xs[first] ?? 0) * 1000, ((xs[last] ?? 0) + this.meaning.step) * 1000];
  }

  /** A y-scale top shared with other charts (null: this chart's own data decides). */
  setSharedMax(max: number | null): void {
    if (max !== this.sharedMax) {
      this.sharedMax = max;
      this.rebuild();
    }
  }

  /** Shows {@code answer} over the window [fromMs, toMs) so that missing data shows as a gap. */
  setData(answer: TimelineAnswer, fromMs: number, toMs: number): void {
    this.meaning = meaningOf(answer);
    const line = answer.lines[0];
    const xs: number[] = [];
    const ys: (number | null)[] = [];
    (line?.values ?? []).forEach((v, k) => {
      xs.push(answer.start / 1000 + k * answer.step);
      ys.push(v);
    });
    this.data = [xs, ys];
    // Sparse data (profiles further apart than a step) has no line segments: draw its points.
    this.sparse = ys.some((v, k) => v !== null && (ys[k - 1] ?? null) === null && (ys[k + 1] ?? null) === null);
    this.window = [fromMs / 1000, toMs / 1000];
    this.xRange = this.fit();
    this.caption.textContent = describeLine(this.meaning);
    this.rebuild();
    this.dataListeners.forEach((listener) => listener());
  }

  clear(): void {
    this.data = [[], []];
    this.caption.textContent = '';
    this.extent.textContent = '';
    this.hover.textContent = '';
    this.rebuild();
    this.dataListeners.forEach((listener) => listener());
  }

  /** The window, or the data's extent (with a step of margin) when the data covers little of the window. */
  private fit(): [number, number] {
    const [from, to] = this.window;
    const extent = this.dataExtent();
    this.extent.textContent = '';
    if (!extent || to <= from) {
      return [from, to];
    }
    const first = Math.max(from, extent[0] / 1000 - this.meaning.step);
    const last = Math.min(to, extent[1] / 1000 + this.meaning.step);
    if ((last - first) / (to - from) >= FIT_BELOW) {
      return [from, to];
    }
    const time = (s: number) => new Date(s * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    this.extent.textContent = `· drawn where the data is, ${time(first)}–${time(last)}, of the window ${time(from)}–${time(to)}`;
    return [first, last];
  }

  private showHover(u: uPlot): void {
    const i = u.cursor.idx;
    const ys = this.data[1] as (number | null)[];
    const v = i === null || i === undefined ? null : (ys[i] ?? null);
    if (i === null || i === undefined || v === null) {
      this.hover.textContent = '';
      delete this.hover.dataset.index;
      return;
    }
    const at = new Date((this.data[0][i] ?? 0) * 1000);
    this.hover.dataset.index = String(i);
    this.hover.textContent = `${at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}: ${formatTimelineValue(v, this.meaning)}`;
  }

  setBands(bands: Band[]): void {
    this.bands = bands;
    this.plot?.redraw(false, false);
  }

  /** Whether any step has a value. */
  static hasData(answer: TimelineAnswer): boolean {
    return answer.lines.some((l) => l.values.some((v) => v !== null && v > 0));
  }

  private width(): number {
    return Math.max(200, this.chartHost.clientWidth);
  }

  private height(): number {
    return this.options.height ?? 150;
  }

  private rebuild(): void {
    this.plot?.destroy();
    const meaning = this.meaning;
    const [min, max] = this.xRange;
    const shared = this.sharedMax;
    const opts: uPlot.Options = {
      width: this.width(),
      height: this.height(),
      legend: { show: false },
      cursor: { y: false, drag: { x: true, y: false, setScale: false }, points: { show: true, size: 7 } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      scales: {
        x: { time: true, range: () => [min, max] },
        y: {
          range: (_u, _lo, hi) => {
            const top = Math.max(hi ?? 0, shared ?? 0);
            return [0, top > 0 ? top * 1.1 : 1];
          },
        },
      },
      axes: [
        { stroke: '#6c757d', space: 90, grid: { stroke: '#f1f3f5' }, ticks: { stroke: '#dee2e6' } },
        {
          stroke: '#6c757d',
          size: 78,
          space: 22,
          label: axisLabel(meaning),
          labelSize: 16,
          labelFont: '11px system-ui, sans-serif',
          font: '11px system-ui, sans-serif',
          grid: { stroke: '#f1f3f5' },
          ticks: { stroke: '#dee2e6' },
          values: (_u, splits) => {
            this.element.dataset.yTicks = String(splits.length);
            return splits.map((v) => formatTimelineValue(v, meaning));
          },
        },
      ],
      series: [
        {},
        {
          label: meaning.measure,
          stroke: '#e8590c',
          width: 1.5,
          fill: 'rgba(232, 89, 12, 0.12)',
          points: { show: this.sparse || this.data[0].length < 60, size: this.sparse ? 6 : 4, fill: '#e8590c' },
          spanGaps: false,
        },
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width > 3) {
              const from = u.posToVal(u.select.left, 'x') * 1000;
              const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              this.options.onSelect(Math.round(from), Math.round(to));
            }
          },
        ],
        draw: [
          (u) => {
            this.drawBands(u);
            this.element.dataset.yMax = String(u.scales.y?.max ?? 0);
          },
        ],
        setCursor: [(u) => this.showHover(u)],
      },
    };
    this.plot = new uPlot(opts, this.data, this.chartHost);
  }

  private drawBands(u: uPlot): void {
    const ctx = u.ctx;
    const { top, height } = u.bbox;
    const dpr = uPlot.pxRatio;
    ctx.save();
    for (const band of this.bands) {
      const x0 = u.valToPos(band.fromMs / 1000, 'x', true);
      const x1 = u.valToPos(band.toMs / 1000, 'x', true);
      ctx.fillStyle = band.color;
      ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
      ctx.fillStyle = '#343a40';
      ctx.font = `${11 * dpr}px system-ui, sans-serif`;
      ctx.textBaseline = 'top';
      ctx.fillText(band.label, x0 + 4 * dpr, top + 4 * dpr);
    }
    ctx.restore();
  }
}
