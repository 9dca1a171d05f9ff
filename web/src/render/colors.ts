import type { FlameModel } from '../model/flame-model';

/**
 * The colours of a graph: a small table of fills (with the text colour that reads on each) and every node's
 * index into it, so the renderer can draw all nodes of one colour after setting the colour once.
 */
export interface Palette {
  readonly fills: readonly string[];
  readonly texts: readonly string[];
  /** Per node: its index into fills and texts. */
  readonly index: Uint16Array;
}

export const DIM_FILL = '#e9ecef';
export const DIM_TEXT = '#adb5bd';
const DARK_TEXT = '#1f2328';
const LIGHT_TEXT = '#ffffff';
const NEUTRAL_FILL = '#ced4da';

/**
 * Single profiles: one colour per package (Go's "net/http" of "net/http.(*conn).serve", Java's class path),
 * so a package's frames read as one block; "other" (nodes cut by truncation) and the root are grey.
 */
export function packagePalette(model: FlameModel): Palette {
  const fills: string[] = [NEUTRAL_FILL];
  const byPackage = new Map<string, number>();
  const byName = model.names.map((name) => {
    if (name === 'other' || name === 'total') {
      return 0;
    }
    const pkg = packageOf(name);
    let i = byPackage.get(pkg);
    if (i === undefined) {
      i = fills.length;
      fills.push(hashColor(pkg));
      byPackage.set(pkg, i);
    }
    return i;
  });
  const index = new Uint16Array(model.count);
  for (let n = 0; n < model.count; n++) {
    index[n] = Math.min(byName[model.name[n]!]!, 65535);
  }
  return { fills, texts: fills.map(() => DARK_TEXT), index };
}

export function packageOf(name: string): string {
  const slash = name.lastIndexOf('/');
  const rest = name.slice(slash + 1);
  const dot = rest.indexOf('.');
  return dot > 0 ? name.slice(0, slash + 1 + dot) : name;
}

export function packageColor(name: string): string {
  return hashColor(packageOf(name));
}

function hashColor(pkg: string): string {
  const h = hash(pkg);
  // Warm-to-cool hues spread by the hash, light enough for dark text.
  const hue = h % 360;
  const saturation = 55 + ((h >>> 9) % 20);
  const lightness = 66 + ((h >>> 17) % 10);
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}

/** Diff colours come in this many steps per direction (shrank, grew); step 0 is unchanged. */
const DIFF_STEPS = 20;

/**
 * Diffs: red where the comparison grew, green where it shrank, grey when unchanged. The change is the
 * node's (right − left) / max(left, right) on the chosen scale (shares or absolute), so a node that only
 * exists on the right is fully red and one that vanished fully green; intensity grows with |change|.
 */
export function diffPalette(model: FlameModel, relative: boolean): Palette {
  const d = model.diff;
  if (!d) {
    return packagePalette(model);
  }
  const fills: string[] = [];
  const texts: string[] = [];
  for (let step = -DIFF_STEPS; step <= DIFF_STEPS; step++) {
    const change = step / DIFF_STEPS;
    fills.push(step === 0 ? NEUTRAL_FILL : diffColor(change));
    texts.push(Math.abs(change) > 0.55 ? LIGHT_TEXT : DARK_TEXT);
  }
  const lw = relative && d.leftTicks > 0 ? 1 / d.leftTicks : 1;
  const rw = relative && d.rightTicks > 0 ? 1 / d.rightTicks : 1;
  const index = new Uint16Array(model.count);
  for (let n = 0; n < model.count; n++) {
    const change = relativeChange(d.leftTotal[n]! * lw, d.rightTotal[n]! * rw);
    const step = Math.abs(change) < UNCHANGED ? 0 : Math.sign(change) * Math.max(1, Math.round(Math.abs(change) * DIFF_STEPS));
    index[n] = step + DIFF_STEPS;
  }
  return { fills, texts, index };
}

/** (right − left) / max(left, right), in [-1, 1]; 0 when both are 0. */
export function relativeChange(left: number, right: number): number {
  const m = Math.max(left, right);
  return m > 0 ? (right - left) / m : 0;
}

/** Below this |change| a node counts as unchanged. */
export const UNCHANGED = 0.05;

export function diffColor(change: number): string {
  const a = Math.min(1, Math.abs(change));
  if (a < UNCHANGED) {
    return NEUTRAL_FILL;
  }
  const hue = change > 0 ? 0 : 130;
  const lightness = Math.round(88 - 48 * Math.sqrt(a));
  const saturation = Math.round(55 + 30 * a);
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
