import type { Rect } from '../render/flame-renderer';

/**
 * A read-only window onto the canvas graphs for browser tests and the render benchmark: where a function
 * is drawn (a canvas has no DOM to query) and how long each draw took. Nothing here changes the view.
 */
export type DrawKind = 'first' | 'zoom' | 'search' | 'resize' | 'other';

export interface DrawRecord {
  graph: string;
  kind: DrawKind;
  /** What the user waits for: resize + draw, and for a first paint also colours and search over the new model. */
  ms: number;
  /** The draw call alone. */
  drawMs: number;
  nodes: number;
}

export interface GraphProbe {
  findNode(name: string): Rect | null;
  zoomPath(): string[];
  nodeCount(): number;
  /** Every node as [level, name, total, self]. */
  nodes(): [number, string, number, number][];
}

export interface PyrometerDebug {
  graphs: Record<string, GraphProbe>;
  draws: DrawRecord[];
  /** Decoding a flamebearer into a model, per graph load. */
  decodes: { graph: string; ms: number; nodes: number }[];
}

declare global {
  interface Window {
    __pyrometer?: PyrometerDebug;
  }
}

export function installDebug(): void {
  window.__pyrometer ??= { graphs: {}, draws: [], decodes: [] };
}

export function registerGraph(testid: string, probe: GraphProbe): void {
  installDebug();
  window.__pyrometer!.graphs[testid] = probe;
}

export function recordDecode(graph: string, ms: number, nodes: number): void {
  window.__pyrometer?.decodes.push({ graph, ms, nodes });
}
