import { nameOf, type FlameModel } from './flame-model';
import { layoutTree, TreeNode } from './tree';

/** One function's callers (an inverted tree rooted at the function) and callees (its merged subtrees). */
export interface Sandwich {
  readonly callers: FlameModel;
  readonly callees: FlameModel;
  /** The function's cumulative value: the sum of its outermost occurrences. */
  readonly total: number;
  readonly self: number;
}

/**
 * Builds the sandwich of {@code fn} from a flame graph. Only outermost occurrences count (a recursive call
 * under itself is part of its caller's subtree), so totals match the top table's cum. Null when absent.
 */
export function sandwich(model: FlameModel, fn: string): Sandwich | null {
  const target = model.names.indexOf(fn);
  if (target < 0) {
    return null;
  }
  const callers = new TreeNode(fn);
  const callees = new TreeNode(fn);
  const inside = new Uint8Array(model.count); // 1: node is fn or below an occurrence of fn
  let selfSum = 0;
  for (let n = 1; n < model.count; n++) {
    const p = model.parent[n]!;
    const isFn = model.name[n] === target;
    const nested = p >= 0 && inside[p] === 1;
    inside[n] = isFn || nested ? 1 : 0;
    if (isFn) {
      selfSum += model.self[n]!;
    }
    if (!isFn || nested) {
      continue;
    }
    const value = model.total[n]!;
    mergeSubtree(model, n, callees);
    callers.total += value;
    let at = callers;
    for (let a = p; a > 0; a = model.parent[a]!) {
      at = at.child(nameOf(model, a));
      at.total += value;
    }
    at.self += value;
  }
  if (callers.total === 0) {
    return null;
  }
  return { callers: layoutTree(callers), callees: layoutTree(callees), total: callers.total, self: selfSum };
}

function mergeSubtree(model: FlameModel, node: number, into: TreeNode): void {
  const stack: [number, TreeNode][] = [[node, into]];
  while (stack.length > 0) {
    const [n, t] = stack.pop()!;
    t.total += model.total[n]!;
    t.self += model.self[n]!;
    const first = model.firstChild[n]!;
    for (let c = first; first >= 0 && c < first + model.childCount[n]!; c++) {
      stack.push([c, t.child(nameOf(model, c))]);
    }
  }
}
