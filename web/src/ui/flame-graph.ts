import { isAncestorOrSelf, nameOf, nodeAt, pathOf, type FlameModel } from '../model/flame-model';
import { search, type SearchResult } from '../model/search';
import { formatChange, formatPercent, formatPoints, formatValue } from '../model/units';
import { diffPalette, packagePalette, type Palette } from '../render/colors';
import { FlameRenderer, type DrawOptions, type Rect } from '../render/flame-renderer';
import { flameSvg } from '../render/flame-svg';
import type { Orientation } from '../state/view-state';
import { copyText, el, replaceChildren, toast } from './dom';
import { registerGraph, type DrawKind } from './debug';
import { nameText } from './name-text';

export interface FlameGraphOptions {
  testid: string;
  title: string;
  /** Colour by package (single profiles, side-by-side) or by change (diffs). */
  colorBy: 'package' | 'diff';
  /** Called with the new zoom path; the owner persists it and calls setZoom. Without it, zoom stays local. */
  onZoom?: (path: string[]) => void;
  onOrientation?: (o: Orientation) => void;
  /** A fixed orientation hides the icicle/flame toggle (the sandwich's halves). */
  fixedOrientation?: Orientation;
  onSandwich?: (fn: string) => void;
  onSearchFunction?: (fn: string) => void;
  /** Shown on the right of the header (toggles that belong to the graph). */
  extras?: Node[];
}

export interface FlameData {
  model: FlameModel;
  unit: string;
  /** Diffs: compare shares (true) or absolute values. */
  relative?: boolean;
  /** Set when values are window averages: the number of snapshots averaged over. */
  averageOf?: number | undefined;
}

/**
 * A flame graph panel: header (title, search summary, zoom breadcrumb, reset, icicle/flame), the canvas,
 * a tooltip and a context menu. Clicking a node zooms to it, clicking an ancestor or the breadcrumb zooms
 * out, Esc resets. Every name reaches the DOM as textContent only.
 */
export class FlameGraph {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', { class: 'flame-canvas', role: 'img', 'aria-label': 'Flame graph; hover a frame for its values, click to zoom' });
  private readonly renderer: FlameRenderer;
  private readonly body = el('div', { class: 'flame-body' });
  private readonly tooltip = shared('flame-tooltip', () => el('div', { class: 'flame-tooltip', role: 'tooltip', testid: 'flame-tooltip' }));
  private readonly menu = shared('flame-menu', () => el('div', { class: 'flame-menu', role: 'menu', testid: 'flame-menu' }));
  private readonly summary = el('span', { class: 'flame-summary', testid: 'search-summary' });
  private readonly crumbs = el('nav', { class: 'flame-crumbs', 'aria-label': 'Zoom path', testid: 'breadcrumb' });
  private readonly resetButton: HTMLButtonElement;
  private readonly orientButton: HTMLButtonElement;

  private data: FlameData | null = null;
  private palette: Palette | null = null;
  private matches: SearchResult | null = null;
  private zoom = 0;
  private zoomPath: string[] = [];
  private orientation: Orientation = 'icicle';
  private query = '';
  private pendingKind: DrawKind = 'first';
  private frame = 0;
  /** The body's content width, from the ResizeObserver: reading it never forces a layout. 0 while hidden. */
  private width = 0;
  /** A draw that waits for a width (the graph got data while hidden). */
  private pending: DrawKind | null = null;

  constructor(private readonly options: FlameGraphOptions) {
    this.renderer = new FlameRenderer(this.canvas);
    this.orientation = options.fixedOrientation ?? 'icicle';
    this.resetButton = el('button', { class: 'btn btn-small', testid: 'reset-zoom', on: { click: () => this.requestZoom([]) } }, 'Reset zoom');
    this.orientButton = el(
      'button',
      {
        class: 'btn btn-small',
        testid: 'orientation',
        title: 'Icicle: the root on top. Flame: the root at the bottom.',
        on: { click: () => this.requestOrientation(this.orientation === 'icicle' ? 'flame' : 'icicle') },
      },
      '',
    );
    this.element = el(
      'section',
      { class: 'flame-graph', testid: options.testid },
      el(
        'header',
        { class: 'panel-header' },
        el('h2', {}, options.title),
        this.summary,
        el('span', { class: 'spacer' }),
        ...(options.extras ?? []),
        this.resetButton,
        options.fixedOrientation ? null : this.orientButton,
      ),
      this.crumbs,
      this.body,
    );
    // Hidden until the first draw: an undrawn canvas is a 300×150 blank box (over an error or empty message).
    this.canvas.hidden = true;
    this.body.appendChild(this.canvas);
    this.bindEvents();
    // Runs after layout and before paint, so a redraw here shows in the same frame.
    new ResizeObserver((entries) => {
      const width = Math.floor(entries[entries.length - 1]!.contentRect.width);
      if (width !== this.width) {
        this.width = width;
        if (this.data && width > 0) {
          this.drawNow(this.pending ?? 'resize');
        }
      }
    }).observe(this.body);
    registerGraph(options.testid, {
      findNode: (name) => this.findNode(name),
      zoomPath: () => [...this.zoomPath],
      nodeCount: () => this.data?.model.count ?? 0,
      nodes: () => this.nodeList(),
    });
    this.updateHeader();
  }

  setData(data: FlameData | null): void {
    const t0 = performance.now();
    this.data = data;
    this.palette = data ? (this.options.colorBy === 'diff' ? diffPalette(data.model, data.relative ?? true) : packagePalette(data.model)) : null;
    this.matches = data ? search(data.model, this.query) : null;
    this.zoom = data ? nodeAt(data.model, this.zoomPath) : 0;
    this.element.classList.toggle('has-data', data !== null);
    this.drawNow('first', t0);
  }

  /** The canvas as drawn (zoom and search included), as a PNG; null without data. */
  exportPng(): Promise<Blob | null> {
    if (!this.data || this.canvas.hidden) {
      return Promise.resolve(null);
    }
    return new Promise((resolve) => this.canvas.toBlob(resolve, 'image/png'));
  }

  /** The whole graph (not zoomed, root on top) as an SVG document; null without data. */
  exportSvg(width = 1200): string | null {
    const data = this.data;
    if (!data || !this.palette) {
      return null;
    }
    const total = data.model.numTicks || 1;
    return flameSvg(data.model, this.palette, width, (n) => {
      const t = data.model.total[n]!;
      return `${nameOf(data.model, n)} — ${this.valueText(t)} (${formatPercent(t / total)})`;
    });
  }

  /** Every node as [level, name, total, self], level by level: what two loads of one graph share. */
  private nodeList(): [number, string, number, number][] {
    const model = this.data?.model;
    if (!model) {
      return [];
    }
    const out: [number, string, number, number][] = [];
    for (let n = 0; n < model.count; n++) {
      out.push([model.level[n]!, nameOf(model, n), model.total[n]!, model.self[n]!]);
    }
    return out;
  }

  setSearch(query: string): void {
    if (query === this.query) {
      return;
    }
    this.query = query;
    this.matches = this.data ? search(this.data.model, query) : null;
    this.schedule('search');
  }

  setZoom(path: readonly string[]): void {
    this.zoomPath = [...path];
    const zoom = this.data ? nodeAt(this.data.model, path) : 0;
    if (zoom !== this.zoom) {
      this.zoom = zoom;
      this.drawNow('zoom');
    } else {
      this.updateHeader();
    }
  }

  setOrientation(o: Orientation): void {
    if (this.options.fixedOrientation) {
      return;
    }
    if (o !== this.orientation) {
      this.orientation = o;
      this.drawNow('other');
    } else {
      this.updateHeader();
    }
  }

  private requestZoom(path: string[]): void {
    if (this.options.onZoom) {
      this.options.onZoom(path);
    } else {
      this.setZoom(path);
    }
  }

  private requestOrientation(o: Orientation): void {
    if (this.options.onOrientation) {
      this.options.onOrientation(o);
    } else {
      this.setOrientation(o);
    }
  }

  private schedule(kind: DrawKind): void {
    this.pendingKind = kind;
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.drawNow(this.pendingKind);
      });
    }
  }

  private drawOptions(): DrawOptions | null {
    if (!this.data || !this.palette) {
      return null;
    }
    return { zoom: this.zoom, orientation: this.orientation, palette: this.palette, matched: this.matches?.matched ?? null };
  }

  /** Draws at once; the record's time runs from {@code since} (colours and search included for a first paint). */
  private drawNow(kind: DrawKind, since = performance.now()): void {
    this.updateHeader();
    const o = this.drawOptions();
    if (!this.data || !o) {
      this.canvas.hidden = true;
      return;
    }
    this.canvas.hidden = false;
    if (this.width <= 0) {
      this.pending = kind === 'first' || this.pending === 'first' ? 'first' : kind;
      return;
    }
    this.pending = null;
    this.renderer.resize(this.data.model, this.width, this.zoom);
    const drawMs = this.renderer.draw(this.data.model, o);
    recordDraw(this.options.testid, kind, performance.now() - since, drawMs, this.data.model.count);
  }

  private updateHeader(): void {
    this.orientButton.textContent = this.orientation === 'icicle' ? 'Icicle ▾' : 'Flame ▴';
    this.element.dataset.orientation = this.orientation;
    const data = this.data;
    this.resetButton.disabled = this.zoom === 0;
    this.element.dataset.zoomed = this.zoom === 0 ? 'false' : 'true';
    if (!data) {
      replaceChildren(this.crumbs);
      this.summary.textContent = '';
      return;
    }
    const m = this.matches;
    if (m) {
      const value = this.valueText(m.value);
      this.summary.textContent =
        m.count === 0 ? `No match for “${m.query}”` : `${m.count} ${m.count === 1 ? 'match' : 'matches'} · ${formatPercent(m.share)} of total (${value})`;
      this.summary.classList.toggle('no-match', m.count === 0);
    } else {
      this.summary.textContent = '';
    }
    const chain: number[] = [];
    for (let n = this.zoom; n >= 0; n = data.model.parent[n]!) {
      chain.push(n);
    }
    chain.reverse();
    const items: Node[] = [];
    chain.forEach((n, i) => {
      if (i > 0) {
        items.push(el('span', { class: 'crumb-sep', 'aria-hidden': 'true' }, '›'));
      }
      const label = n === 0 ? 'All' : nameText(nameOf(data.model, n));
      items.push(
        i === chain.length - 1
          ? el('span', { class: 'crumb current', 'aria-current': 'true' }, label)
          : el('button', { class: 'crumb', on: { click: () => this.requestZoom(pathOf(data.model, n)) } }, label),
      );
    });
    // Always shown (just "All" when not zoomed), so zooming never moves the canvas under the pointer.
    replaceChildren(this.crumbs, ...items);
  }

  private valueText(value: number): string {
    const data = this.data!;
    if (data.model.diff && (data.relative ?? true)) {
      return formatPercent(value / (data.model.numTicks || 1)) + ' avg share';
    }
    return formatValue(value, data.unit);
  }

  private bindEvents(): void {
    this.canvas.addEventListener('mousemove', (e) => this.onHover(e));
    this.canvas.addEventListener('mouseleave', () => this.hideTooltip());
    this.canvas.addEventListener('click', (e) => {
      this.hideMenu();
      const node = this.nodeAtEvent(e);
      if (node >= 0 && this.data) {
        this.requestZoom(node === 0 ? [] : pathOf(this.data.model, node));
      }
    });
    this.canvas.addEventListener('contextmenu', (e) => {
      const node = this.nodeAtEvent(e);
      if (node > 0) {
        e.preventDefault();
        this.showMenu(node, e.clientX, e.clientY);
      }
    });
    document.addEventListener('click', (e) => {
      if (!this.menu.contains(e.target as Node)) {
        this.hideMenu();
      }
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        this.hideMenu();
        if (this.zoom !== 0 && this.element.offsetParent !== null && !(e.target instanceof HTMLInputElement)) {
          this.requestZoom([]);
        }
      }
    });
  }

  private nodeAtEvent(e: MouseEvent): number {
    const o = this.drawOptions();
    if (!o || !this.data) {
      return -1;
    }
    const r = this.canvas.getBoundingClientRect();
    return this.renderer.hit(this.data.model, o, e.clientX - r.left, e.clientY - r.top);
  }

  private onHover(e: MouseEvent): void {
    const node = this.nodeAtEvent(e);
    if (node < 0 || !this.data) {
      this.hideTooltip();
      this.canvas.style.cursor = 'default';
      return;
    }
    this.canvas.style.cursor = 'pointer';
    replaceChildren(this.tooltip, ...this.tooltipContent(node));
    this.tooltip.hidden = false;
    const pad = 14;
    const w = this.tooltip.offsetWidth;
    const h = this.tooltip.offsetHeight;
    const x = e.clientX + pad + w > window.innerWidth ? e.clientX - pad - w : e.clientX + pad;
    const y = e.clientY + pad + h > window.innerHeight ? e.clientY - pad - h : e.clientY + pad;
    this.tooltip.style.transform = `translate(${Math.max(0, x)}px, ${Math.max(0, y)}px)`;
  }

  private tooltipContent(node: number): Node[] {
    const { model, unit } = this.data!;
    // One text node (no break opportunities): a name too long for the tooltip ends in an ellipsis.
    const name = el('div', { class: 'tt-name' }, nameOf(model, node));
    const d = model.diff;
    if (!d || this.options.colorBy === 'package') {
      const total = model.numTicks || 1;
      return [
        name,
        row('Total', `${formatValue(model.total[node]!, unit)} (${formatPercent(model.total[node]! / total)})`),
        row('Self', `${formatValue(model.self[node]!, unit)} (${formatPercent(model.self[node]! / total)})`),
        ...(this.data!.averageOf !== undefined ? [row('Values', `average of ${this.data!.averageOf} snapshots`)] : []),
      ];
    }
    const lt = d.leftTicks || 1;
    const rt = d.rightTicks || 1;
    const l = d.leftTotal[node]!;
    const r = d.rightTotal[node]!;
    const change = r / rt - l / lt;
    const relative = l > 0 ? (r - l) / l : r > 0 ? Infinity : 0;
    return [
      name,
      el(
        'table',
        { class: 'tt-table' },
        el('tr', {}, el('th', {}, ''), el('th', {}, 'Total'), el('th', {}, 'Self')),
        el('tr', {}, el('td', {}, 'Baseline'), el('td', {}, share(l, lt, unit)), el('td', {}, share(d.leftSelf[node]!, lt, unit))),
        el('tr', {}, el('td', {}, 'Comparison'), el('td', {}, share(r, rt, unit)), el('td', {}, share(d.rightSelf[node]!, rt, unit))),
      ),
      row(
        'Change',
        `${formatChange(r - l, unit)} (${Number.isFinite(relative) ? (relative >= 0 ? '+' : '') + formatPercent(relative) : 'new'}), share ${formatPoints(change)}`,
        change > 0 ? 'grew' : change < 0 ? 'shrank' : '',
      ),
    ];
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true;
  }

  private showMenu(node: number, x: number, y: number): void {
    const model = this.data!.model;
    const fn = nameOf(model, node);
    const item = (label: string, action: () => void): HTMLButtonElement =>
      el('button', { class: 'menu-item', role: 'menuitem', on: { click: () => (this.hideMenu(), action()) } }, label);
    replaceChildren(
      this.menu,
      el('div', { class: 'menu-title' }, nameText(fn)),
      item('Zoom to this frame', () => this.requestZoom(pathOf(model, node))),
      this.options.onSandwich ? item('Open in sandwich view', () => this.options.onSandwich!(fn)) : null,
      this.options.onSearchFunction ? item('Highlight this function', () => this.options.onSearchFunction!(fn)) : null,
      item('Copy function name', () => void copyText(fn).then((ok) => toast(ok ? 'Copied the function name' : 'Could not copy'))),
    );
    this.menu.hidden = false;
    this.menu.style.transform = `translate(${Math.min(x, window.innerWidth - 260)}px, ${y}px)`;
    this.hideTooltip();
  }

  private hideMenu(): void {
    this.menu.hidden = true;
  }

  /** For tests and the render benchmark: where a function's widest visible node is, in client coordinates. */
  private findNode(name: string): Rect | null {
    const o = this.drawOptions();
    if (!this.data || !o) {
      return null;
    }
    const model = this.data.model;
    let best: Rect | null = null;
    for (let n = 0; n < model.count; n++) {
      if (nameOf(model, n) !== name || !isAncestorOrSelf(model, this.zoom, n)) {
        continue;
      }
      const r = this.renderer.rectOf(model, o, n);
      if (r && (!best || r.width > best.width)) {
        best = r;
      }
    }
    if (!best) {
      return null;
    }
    const c = this.canvas.getBoundingClientRect();
    return { x: c.left + best.x, y: c.top + best.y, width: best.width, height: best.height };
  }
}

/** One tooltip and one menu serve every graph: only one can be under the pointer. */
const singletons = new Map<string, HTMLElement>();

function shared(key: string, create: () => HTMLElement): HTMLElement {
  let node = singletons.get(key);
  if (!node) {
    node = create();
    node.hidden = true;
    document.body.appendChild(node);
    singletons.set(key, node);
  }
  return node;
}

function row(label: string, value: string, cls = ''): HTMLElement {
  return el('div', { class: 'tt-row ' + cls }, el('span', { class: 'tt-label' }, label), el('span', {}, value));
}

function share(value: number, ticks: number, unit: string): string {
  return `${formatValue(value, unit)} (${formatPercent(value / ticks)})`;
}

function recordDraw(testid: string, kind: DrawKind, totalMs: number, drawMs: number, nodes: number): void {
  const draws = window.__pyrometer?.draws;
  if (draws) {
    draws.push({ graph: testid, kind, ms: totalMs, drawMs, nodes });
    if (draws.length > 1000) {
      draws.splice(0, draws.length - 1000);
    }
  }
}
