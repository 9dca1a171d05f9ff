import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimelineAnswer } from '../api/types';
import { formatValue } from '../model/units';
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

/**
 * Totals over time, drawn by uPlot (canvas, ~50 KB, no framework). Dragging across it selects a range;
 * bands mark ranges such as the two sides of "before vs after".
 */
export class Timeline {
  readonly element: HTMLElement;
  private readonly chartHost = el('div', { class: 'timeline-chart' });
  private plot: uPlot | null = null;
  private bands: Band[] = [];
  private unit = 'count';
  private data: uPlot.AlignedData = [[], []];
  private window: [number, number] = [0, 1];
  private sparse = false;

  constructor(private readonly options: TimelineOptions) {
    this.element = el('div', { class: 'timeline', testid: options.testid }, this.chartHost);
    new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: this.height() })).observe(this.chartHost);
  }

  /** Shows {@code answer} over the window [fromMs, toMs) so that missing data shows as a gap. */
  setData(answer: TimelineAnswer, fromMs: number, toMs: number): void {
    this.unit = answer.unit;
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
    this.rebuild();
  }

  clear(): void {
    this.data = [[], []];
    this.rebuild();
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
    return this.options.height ?? 130;
  }

  private rebuild(): void {
    this.plot?.destroy();
    const unit = this.unit;
    const [min, max] = this.window;
    const opts: uPlot.Options = {
      width: this.width(),
      height: this.height(),
      legend: { show: false },
      cursor: { y: false, drag: { x: true, y: false, setScale: false }, points: { show: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      scales: { x: { time: true, range: () => [min, max] }, y: { range: (_u, _lo, hi) => [0, hi > 0 ? hi * 1.1 : 1] } },
      axes: [
        { stroke: '#6c757d', space: 90, grid: { stroke: '#f1f3f5' }, ticks: { stroke: '#dee2e6' } },
        {
          stroke: '#6c757d',
          size: 70,
          grid: { stroke: '#f1f3f5' },
          ticks: { stroke: '#dee2e6' },
          values: (_u, splits) => splits.map((v) => formatValue(v, unit)),
        },
      ],
      series: [
        {},
        {
          label: 'total',
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
        draw: [(u) => this.drawBands(u)],
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
