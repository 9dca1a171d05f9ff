import type { FlameModel } from './flame-model';

/** A mutable call tree for building derived graphs (the sandwich view); laid out into a FlameModel. */
export class TreeNode {
  total = 0;
  self = 0;
  readonly children = new Map<string, TreeNode>();

  constructor(readonly name: string) {}

  child(name: string): TreeNode {
    let c = this.children.get(name);
    if (!c) {
      c = new TreeNode(name);
      this.children.set(name, c);
    }
    return c;
  }
}

/**
 * Lays a tree out as a single-profile FlameModel with the API's geometry: children start at the parent's
 * start + self and follow each other, largest first.
 */
export function layoutTree(root: TreeNode): FlameModel {
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const indexOf = (name: string): number => {
    let i = nameIndex.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      nameIndex.set(name, i);
    }
    return i;
  };

  interface Slot {
    node: TreeNode;
    parent: number;
    start: number;
  }
  const levels: Slot[][] = [];
  let current: Slot[] = [{ node: root, parent: -1, start: 0 }];
  let index = 0;
  while (current.length > 0) {
    levels.push(current);
    const next: Slot[] = [];
    for (const slot of current) {
      const self = index++;
      let x = slot.start + slot.node.self;
      const children = [...slot.node.children.values()].sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1));
      for (const c of children) {
        next.push({ node: c, parent: self, start: x });
        x += c.total;
      }
    }
    current = next;
  }

  const count = index;
  const depth = levels.length;
  const levelStart = new Int32Array(depth + 1);
  const level = new Int32Array(count);
  const name = new Int32Array(count);
  const parent = new Int32Array(count);
  const firstChild = new Int32Array(count).fill(-1);
  const childCount = new Int32Array(count);
  const start = new Float64Array(count);
  const total = new Float64Array(count);
  const self = new Float64Array(count);
  let n = 0;
  levels.forEach((slots, l) => {
    levelStart[l] = n;
    for (const slot of slots) {
      level[n] = l;
      name[n] = indexOf(slot.node.name);
      parent[n] = slot.parent;
      start[n] = slot.start;
      total[n] = slot.node.total;
      self[n] = slot.node.self;
      if (slot.parent >= 0) {
        if (firstChild[slot.parent] === -1) {
          firstChild[slot.parent] = n;
        }
        childCount[slot.parent]!++;
      }
      n++;
    }
  });
  levelStart[depth] = count;
  return { names, count, depth, levelStart, level, name, parent, firstChild, childCount, start, total, self, numTicks: root.total, diff: null };
}
