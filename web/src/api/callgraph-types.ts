import type { WindowInfo } from './types';

/** The answers of /api/v1/callgraph and /api/v1/peek (docs/api.md); values in window.unit, percentages of window.total. */

export interface GraphNode {
  function: string;
  flat: number;
  flatPercent: number;
  cum: number;
  cumPercent: number;
}

export interface GraphEdge {
  caller: string;
  callee: string;
  weight: number;
  weightPercent: number;
  /** Functions that were pruned lie between the two in some stacks. */
  residual: boolean;
}

export interface CallGraphAnswer {
  window: WindowInfo;
  shownFlat: number;
  nodeCutoff: number;
  droppedNodes: number;
  nodesBeforeLimit: number;
  edgeCutoff: number;
  /** In pprof's rank. */
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface PeekCall {
  function: string;
  weight: number;
  /** The weight as a percentage of the peeked function's cum. */
  percentOfCum: number;
}

export interface PeekAnswer {
  window: WindowInfo;
  function: string;
  found: boolean;
  flat: number;
  flatPercent: number;
  cum: number;
  cumPercent: number;
  callers: PeekCall[];
  callees: PeekCall[];
}
