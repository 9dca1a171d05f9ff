import type { FlameModel } from './flame-model';

/** What the flame graph shows to focus on one function: zoomed to its heaviest frame, and all its frames highlighted. */
export interface FlameFocus {
  tab: 'flame';
  /** The path of names from below the root to the function's frame with the largest total; empty when absent. */
  zoom: string[];
  /** A search that matches exactly the function's name. */
  search: string;
}

export function flameFocus(model: FlameModel | null, fn: string): FlameFocus {
  return { tab: 'flame', zoom: model ? heaviestPath(model, fn) : [], search: '/^' + escapeRegex(fn) + '$/' };
}

export function heaviestPath(model: FlameModel, fn: string): string[] {
  let best = -1;
  for (let n = 1; n < model.count; n++) {
    if (model.names[model.name[n]!] === fn && (best < 0 || model.total[n]! > model.total[best]!)) {
      best = n;
    }
  }
  const path: string[] = [];
  for (let n = best; n > 0; n = model.parent[n]!) {
    path.push(model.names[model.name[n]!]!);
  }
  return path.reverse();
}

export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
