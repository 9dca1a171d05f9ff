import type { FlameModel } from '../model/flame-model';
import type { Orientation } from '../state/view-state';
import { DIM_FILL, DIM_TEXT, type Palette } from './colors';

/** What one draw shows: the zoomed node (0: the root), which way up, colours and search matches. */
export interface DrawOptions {
  readonly zoom: number;
  readonly orientation: Orientation;
  readonly palette: Palette;
  /** 1 for nodes that match a search; null draws every node in its colour. */
  readonly matched: Uint8Array | null;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Scratch {
  node: Int32Array;
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
  bucket: Uint16Array;
  order: Int32Array;
}

export const ROW_HEIGHT = 20;
/** Nodes narrower than this (CSS px) are not drawn; a label needs room for a few characters. */
const MIN_WIDTH = 0.35;
const LABEL_MIN_WIDTH = 26;
/** A search match is drawn at least this wide (CSS px), so a narrow match is never a hair-thin sliver. */
export const MATCH_MIN_WIDTH = 4;
/** The bar under every search match, so matches stand out from unmatched frames of the same colour. */
const MATCH_MARK = '#d9480f';
const MATCH_MARK_HEIGHT = 3;
const PAD = 4;
const FONT = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';
/** Browsers cap a canvas' height; deeper graphs are cut at the bottom. */
const MAX_CANVAS_PX = 32_000;

/**
 * Draws a FlameModel on a canvas. The zoomed node spans the full width; nodes that do not overlap it are
 * skipped with a binary search per level, so a zoom costs what is visible. Names are drawn with fillText
 * only: they are untrusted and never reach the DOM as markup.
 */
export class FlameRenderer {
  private readonly ctx: CanvasRenderingContext2D;
  private cssWidth = 0;
  private charWidth = 7;
  /** Levels the canvas has room for (see resize). */
  private rows = 1;
  private work: Scratch | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) {
      throw new Error('this browser has no 2D canvas');
    }
    this.ctx = ctx;
  }

  /**
   * Sizes the canvas for {@code model} zoomed to {@code zoom} at {@code cssWidth}: as many rows as the
   * zoomed subtree has levels wide enough to see. Returns the CSS height.
   */
  resize(model: FlameModel, cssWidth: number, zoom = 0): number {
    const dpr = window.devicePixelRatio || 1;
    this.rows = visibleDepth(model, zoom, Math.max(1, Math.floor(cssWidth)));
    const cssHeight = Math.min(this.rows * ROW_HEIGHT, Math.floor(MAX_CANVAS_PX / dpr));
    this.cssWidth = Math.max(1, Math.floor(cssWidth));
    const w = Math.round(this.cssWidth * dpr);
    const h = Math.round(cssHeight * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    this.canvas.style.width = this.cssWidth + 'px';
    this.canvas.style.height = cssHeight + 'px';
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.ctx.font = FONT;
    this.charWidth = this.ctx.measureText('mmmmmmmmmm').width / 10 || 7;
    return cssHeight;
  }

  /**
   * Draws and returns the milliseconds it took. Visible nodes are collected first and then drawn colour by
   * colour (rectangles, then labels), so the fill style changes once per colour rather than once per node.
   */
  draw(model: FlameModel, o: DrawOptions): number {
    const t0 = performance.now();
    const ctx = this.ctx;
    const width = this.cssWidth;
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, this.rows * ROW_HEIGHT);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';

    const z0 = model.start[o.zoom]!;
    const z1 = z0 + model.total[o.zoom]!;
    if (!(z1 > z0)) {
      return performance.now() - t0;
    }
    const k = width / (z1 - z0);
    const zoomLevel = model.level[o.zoom]!;
    const { fills, texts, index } = o.palette;
    const matched = o.matched;
    const dimBucket = fills.length;
    const counts = new Int32Array(fills.length + 1);
    const s = this.scratch(model.count);
    let visible = 0;

    const depth = Math.min(model.depth, this.rows);
    for (let l = 0; l < depth; l++) {
      const y = this.rowY(l, o.orientation);
      const end = model.levelStart[l + 1]!;
      for (let i = firstOverlapping(model, l, z0); i < end; i++) {
        const start = model.start[i]!;
        if (start >= z1) {
          break;
        }
        const e = start + model.total[i]!;
        const x0 = start > z0 ? start : z0;
        let w = ((e < z1 ? e : z1) - x0) * k;
        const isMatch = matched !== null && matched[i] === 1;
        if (isMatch && w < MATCH_MIN_WIDTH) {
          w = MATCH_MIN_WIDTH;
        } else if (w < MIN_WIDTH) {
          continue;
        }
        const bucket = matched !== null && matched[i] === 0 ? dimBucket : index[i]!;
        if (l < zoomLevel) {
          // the zoomed node's ancestors, one per level, faded
          this.drawOne(model, i, 0, y, w, bucket === dimBucket ? DIM_FILL : fills[bucket]!, bucket === dimBucket ? DIM_TEXT : texts[bucket]!, 0.55);
          continue;
        }
        s.node[visible] = i;
        s.x[visible] = (x0 - z0) * k;
        s.y[visible] = y;
        s.w[visible] = w;
        s.bucket[visible] = bucket;
        counts[bucket]!++;
        visible++;
      }
    }

    // Counting sort of the visible nodes by colour.
    const offsets = new Int32Array(counts.length + 1);
    for (let b = 0; b < counts.length; b++) {
      offsets[b + 1] = offsets[b]! + counts[b]!;
    }
    const next = offsets.slice(0, counts.length);
    for (let v = 0; v < visible; v++) {
      s.order[next[s.bucket[v]!]!++] = v;
    }
    for (let b = 0; b < counts.length; b++) {
      if (counts[b] === 0) {
        continue;
      }
      ctx.fillStyle = b === dimBucket ? DIM_FILL : fills[b]!;
      for (let j = offsets[b]!; j < offsets[b + 1]!; j++) {
        const v = s.order[j]!;
        const w = s.w[v]!;
        ctx.fillRect(s.x[v]!, s.y[v]!, w > 2 ? w - 1 : w, ROW_HEIGHT - 1);
      }
    }
    if (matched !== null) {
      ctx.fillStyle = MATCH_MARK;
      for (let v = 0; v < visible; v++) {
        if (matched[s.node[v]!] === 1) {
          const w = s.w[v]!;
          ctx.fillRect(s.x[v]!, s.y[v]! + ROW_HEIGHT - 1 - MATCH_MARK_HEIGHT, w > 2 ? w - 1 : w, MATCH_MARK_HEIGHT);
        }
      }
    }
    const charWidth = this.charWidth;
    for (let b = 0; b < counts.length; b++) {
      if (counts[b] === 0) {
        continue;
      }
      ctx.fillStyle = b === dimBucket ? DIM_TEXT : texts[b]!;
      for (let j = offsets[b]!; j < offsets[b + 1]!; j++) {
        const v = s.order[j]!;
        const w = s.w[v]!;
        if (w >= LABEL_MIN_WIDTH) {
          const room = Math.floor((w - 2 * PAD) / charWidth);
          if (room >= 2) {
            const name = model.names[model.name[s.node[v]!]!]!;
            ctx.fillText(name.length <= room ? name : name.slice(0, room - 1) + '…', s.x[v]! + PAD, s.y[v]! + ROW_HEIGHT / 2);
          }
        }
      }
    }
    return performance.now() - t0;
  }

  private drawOne(model: FlameModel, node: number, x: number, y: number, w: number, fill: string, text: string, alpha: number): void {
    const ctx = this.ctx;
    ctx.globalAlpha = alpha;
    ctx.fillStyle = fill;
    ctx.fillRect(x, y, w > 2 ? w - 1 : w, ROW_HEIGHT - 1);
    const room = Math.floor((w - 2 * PAD) / this.charWidth);
    if (w >= LABEL_MIN_WIDTH && room >= 2) {
      const name = model.names[model.name[node]!]!;
      ctx.fillStyle = text;
      ctx.fillText(name.length <= room ? name : name.slice(0, room - 1) + '…', x + PAD, y + ROW_HEIGHT / 2);
    }
    ctx.globalAlpha = 1;
  }

  /** Per-draw work arrays, grown to the largest model seen. */
  private scratch(count: number): Scratch {
    if (!this.work || this.work.node.length < count) {
      this.work = {
        node: new Int32Array(count),
        x: new Float32Array(count),
        y: new Float32Array(count),
        w: new Float32Array(count),
        bucket: new Uint16Array(count),
        order: new Int32Array(count),
      };
    }
    return this.work;
  }

  /** The node under CSS pixel (x, y), or -1. */
  hit(model: FlameModel, o: DrawOptions, x: number, y: number): number {
    const l = this.levelAt(model, y, o.orientation);
    if (l < 0) {
      return -1;
    }
    const z0 = model.start[o.zoom]!;
    const z1 = z0 + model.total[o.zoom]!;
    const tick = z0 + (x / this.cssWidth) * (z1 - z0);
    const end = model.levelStart[l + 1]!;
    for (let i = firstOverlapping(model, l, tick); i < end && model.start[i]! <= tick; i++) {
      if (tick < model.start[i]! + model.total[i]! && tick >= z0 && tick < z1) {
        return i;
      }
    }
    return -1;
  }

  /** Where a node is drawn (CSS px), or null when it is outside the zoom or too narrow to see. */
  rectOf(model: FlameModel, o: DrawOptions, node: number): Rect | null {
    const z0 = model.start[o.zoom]!;
    const z1 = z0 + model.total[o.zoom]!;
    const s = Math.max(model.start[node]!, z0);
    const e = Math.min(model.start[node]! + model.total[node]!, z1);
    const k = this.cssWidth / (z1 - z0);
    if ((e - s) * k < MIN_WIDTH) {
      return null;
    }
    if (model.level[node]! >= this.rows) {
      return null;
    }
    return { x: (s - z0) * k, y: this.rowY(model.level[node]!, o.orientation), width: (e - s) * k, height: ROW_HEIGHT - 1 };
  }

  private rowY(level: number, orientation: Orientation): number {
    return orientation === 'icicle' ? level * ROW_HEIGHT : (this.rows - 1 - level) * ROW_HEIGHT;
  }

  private levelAt(model: FlameModel, y: number, orientation: Orientation): number {
    const row = Math.floor(y / ROW_HEIGHT);
    const l = orientation === 'icicle' ? row : this.rows - 1 - row;
    return l >= 0 && l < Math.min(model.depth, this.rows) ? l : -1;
  }
}

/** Levels, from the root down, with a node inside the zoomed range wide enough to draw. */
export function visibleDepth(model: FlameModel, zoom: number, cssWidth: number): number {
  const z0 = model.start[zoom]!;
  const z1 = z0 + model.total[zoom]!;
  if (!(z1 > z0)) {
    return 1;
  }
  const minTicks = (MIN_WIDTH * (z1 - z0)) / cssWidth;
  let depth = model.level[zoom]! + 1;
  for (let l = depth; l < model.depth; l++) {
    const end = model.levelStart[l + 1]!;
    let seen = false;
    for (let i = firstOverlapping(model, l, z0); i < end && model.start[i]! < z1; i++) {
      if (Math.min(model.start[i]! + model.total[i]!, z1) - Math.max(model.start[i]!, z0) >= minTicks) {
        seen = true;
        break;
      }
    }
    if (!seen) {
      break;
    }
    depth = l + 1;
  }
  return depth;
}

/** The first node of level {@code l} that ends after {@code tick} (nodes on a level are sorted and disjoint). */
function firstOverlapping(model: FlameModel, l: number, tick: number): number {
  let lo = model.levelStart[l]!;
  let hi = model.levelStart[l + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (model.start[mid]! + model.total[mid]! <= tick) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
