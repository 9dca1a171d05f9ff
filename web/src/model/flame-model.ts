import type { DiffFlamebearer, Flamebearer } from '../api/types';

/**
 * A flame graph as flat typed arrays, one slot per node, level by level and left to right within a level
 * (so a parent always comes before its children, and each level is sorted by x). Geometry is in ticks of
 * the profile's unit: a node spans [start, start + total) and its children start at start + self, as the
 * API lays them out (see profile-core FlamebearerLayout). Level 0 holds the single root, "total".
 */
export interface FlameModel {
  readonly names: readonly string[];
  readonly count: number;
  readonly depth: number;
  /** levelStart[L] is the first node of level L; levelStart[depth] === count. */
  readonly levelStart: Int32Array;
  readonly level: Int32Array;
  readonly name: Int32Array;
  /** -1 for the root. */
  readonly parent: Int32Array;
  /** Children are contiguous on the next level: firstChild .. firstChild + childCount - 1. */
  readonly firstChild: Int32Array;
  readonly childCount: Int32Array;
  readonly start: Float64Array;
  readonly total: Float64Array;
  readonly self: Float64Array;
  /** The root's width. */
  readonly numTicks: number;
  /** Both sides' values when the model is a diff; null for a single profile. */
  readonly diff: DiffColumns | null;
}

/** The raw per-side values of a diff: left is the baseline, right the comparison. */
export interface DiffColumns {
  readonly leftStart: Float64Array;
  readonly rightStart: Float64Array;
  readonly leftTotal: Float64Array;
  readonly leftSelf: Float64Array;
  readonly rightTotal: Float64Array;
  readonly rightSelf: Float64Array;
  readonly leftTicks: number;
  readonly rightTicks: number;
}

/** How a diff is drawn: each node is w.left × its left value + w.right × its right value wide. */
export interface SideWeights {
  readonly left: number;
  readonly right: number;
}

/** Relative: each side counts as much as the other whatever its total, so widths are average shares. */
export function relativeWeights(diff: DiffColumns): SideWeights {
  return { left: diff.leftTicks > 0 ? 1 / diff.leftTicks : 0, right: diff.rightTicks > 0 ? 1 / diff.rightTicks : 0 };
}

export const ABSOLUTE_WEIGHTS: SideWeights = { left: 1, right: 1 };

/** Decodes a single flamebearer (stride 4: [xOffset delta, total, self, nameIndex]). */
export function fromFlamebearer(fb: Flamebearer): FlameModel {
  const levels = fb.levels.length > 0 ? fb.levels : [[0, 0, 0, 0]];
  const skeleton = allocate(levels, 4);
  const start = new Float64Array(skeleton.count);
  const total = new Float64Array(skeleton.count);
  const self = new Float64Array(skeleton.count);
  let n = 0;
  levels.forEach((values) => {
    let end = 0;
    for (let i = 0; i + 3 < values.length; i += 4) {
      const x = end + values[i]!;
      start[n] = x;
      total[n] = values[i + 1]!;
      self[n] = values[i + 2]!;
      skeleton.name[n] = values[i + 3]!;
      end = x + total[n]!;
      n++;
    }
  });
  link(skeleton, start, total);
  return { ...skeleton, names: fb.names, start, total, self, numTicks: total[0] ?? 0, diff: null };
}

/**
 * Decodes a diff flamebearer (stride 7) and lays it out with {@code weights}. Parents are linked on the
 * combined (absolute) geometry, in which every node has a width.
 */
export function fromDiffFlamebearer(fb: DiffFlamebearer, weights?: SideWeights): FlameModel {
  const levels = fb.levels.length > 0 ? fb.levels : [[0, 0, 0, 0, 0, 0, 0]];
  const skeleton = allocate(levels, 7);
  const c = skeleton.count;
  const leftStart = new Float64Array(c);
  const leftTotal = new Float64Array(c);
  const leftSelf = new Float64Array(c);
  const rightStart = new Float64Array(c);
  const rightTotal = new Float64Array(c);
  const rightSelf = new Float64Array(c);
  let n = 0;
  levels.forEach((values) => {
    let leftEnd = 0;
    let rightEnd = 0;
    for (let i = 0; i + 6 < values.length; i += 7) {
      leftStart[n] = leftEnd + values[i]!;
      leftTotal[n] = values[i + 1]!;
      leftSelf[n] = values[i + 2]!;
      rightStart[n] = rightEnd + values[i + 3]!;
      rightTotal[n] = values[i + 4]!;
      rightSelf[n] = values[i + 5]!;
      skeleton.name[n] = values[i + 6]!;
      leftEnd = leftStart[n]! + leftTotal[n]!;
      rightEnd = rightStart[n]! + rightTotal[n]!;
      n++;
    }
  });
  const diff: DiffColumns = {
    leftStart,
    rightStart,
    leftTotal,
    leftSelf,
    rightTotal,
    rightSelf,
    leftTicks: fb.leftTicks,
    rightTicks: fb.rightTicks,
  };
  link(skeleton, combine(leftStart, rightStart, ABSOLUTE_WEIGHTS), combine(leftTotal, rightTotal, ABSOLUTE_WEIGHTS));
  const base: FlameModel = {
    ...skeleton,
    names: fb.names,
    start: new Float64Array(0),
    total: new Float64Array(0),
    self: new Float64Array(0),
    numTicks: 0,
    diff,
  };
  return reweigh(base, weights ?? relativeWeights(diff));
}

/** The same diff laid out with other weights (relative ⇄ absolute, or one side only for side-by-side graphs). */
export function reweigh(model: FlameModel, w: SideWeights): FlameModel {
  const d = model.diff;
  if (!d) {
    return model;
  }
  const total = combine(d.leftTotal, d.rightTotal, w);
  return {
    ...model,
    start: combine(d.leftStart, d.rightStart, w),
    total,
    self: combine(d.leftSelf, d.rightSelf, w),
    numTicks: total[0] ?? 0,
  };
}

function combine(a: Float64Array, b: Float64Array, w: SideWeights): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    out[i] = w.left * a[i]! + w.right * b[i]!;
  }
  return out;
}

interface Skeleton {
  count: number;
  depth: number;
  levelStart: Int32Array;
  level: Int32Array;
  name: Int32Array;
  parent: Int32Array;
  firstChild: Int32Array;
  childCount: Int32Array;
}

function allocate(levels: readonly (readonly number[])[], stride: number): Skeleton {
  const depth = levels.length;
  const levelStart = new Int32Array(depth + 1);
  let count = 0;
  levels.forEach((values, l) => {
    levelStart[l] = count;
    count += Math.floor(values.length / stride);
  });
  levelStart[depth] = count;
  const level = new Int32Array(count);
  for (let l = 0; l < depth; l++) {
    level.fill(l, levelStart[l]!, levelStart[l + 1]!);
  }
  return {
    count,
    depth,
    levelStart,
    level,
    name: new Int32Array(count),
    parent: new Int32Array(count).fill(-1),
    firstChild: new Int32Array(count).fill(-1),
    childCount: new Int32Array(count),
  };
}

/** Sets parent and child ranges by sweeping each level against the one above: both are sorted by x. */
function link(s: Skeleton, start: Float64Array, total: Float64Array): void {
  for (let l = 1; l < s.depth; l++) {
    let p = s.levelStart[l - 1]!;
    const lastParent = s.levelStart[l]! - 1;
    for (let i = s.levelStart[l]!; i < s.levelStart[l + 1]!; i++) {
      while (p < lastParent && start[p]! + total[p]! <= start[i]!) {
        p++;
      }
      s.parent[i] = p;
      if (s.firstChild[p] === -1) {
        s.firstChild[p] = i;
      }
      s.childCount[p]!++;
    }
  }
}

/** The node's path of names below the root, for the URL. */
export function pathOf(model: FlameModel, node: number): string[] {
  const path: string[] = [];
  for (let n = node; n > 0; n = model.parent[n]!) {
    path.push(model.names[model.name[n]!]!);
  }
  return path.reverse();
}

/** The node a path names, or the deepest node that matches a prefix of it (0 for the root). */
export function nodeAt(model: FlameModel, path: readonly string[]): number {
  let node = 0;
  for (const name of path) {
    const first = model.firstChild[node]!;
    let found = -1;
    for (let c = first; first >= 0 && c < first + model.childCount[node]!; c++) {
      if (model.names[model.name[c]!] === name) {
        found = c;
        break;
      }
    }
    if (found < 0) {
      break;
    }
    node = found;
  }
  return node;
}

export function nameOf(model: FlameModel, node: number): string {
  return model.names[model.name[node]!] ?? '';
}

/** Whether {@code ancestor} is {@code node} or above it. */
export function isAncestorOrSelf(model: FlameModel, ancestor: number, node: number): boolean {
  for (let n = node; n >= 0; n = model.parent[n]!) {
    if (n === ancestor) {
      return true;
    }
  }
  return false;
}
