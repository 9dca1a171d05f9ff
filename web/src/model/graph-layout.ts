import type { CallGraphAnswer } from '../api/callgraph-types';
import { formatPercent, formatValue } from './units';

/**
 * Lays a call graph out with Graphviz's dot (the WebAssembly build in @viz-js/viz, loaded on first use) and
 * returns plain geometry to draw. Function names go to Graphviz only as attribute values through viz's graph
 * object (never as DOT text), and come back only as text to put in text nodes.
 */

export interface LaidNode {
  /** Index into the answer's nodes. */
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: LaidText[];
}

export interface LaidText {
  x: number;
  y: number;
  size: number;
  text: string;
}

export interface LaidEdge {
  /** Index into the answer's edges. */
  index: number;
  /** SVG path data of the spline. */
  path: string;
  /** The arrowhead polygon as "x,y x,y …". */
  arrow: string;
  label: LaidText[];
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

export interface DrawOp {
  op: string;
  points?: [number, number][];
  pt?: [number, number];
  text?: string;
  size?: number;
}

export interface JsonObject {
  _gvid: number;
  name: string;
  pos?: string;
  width?: string;
  height?: string;
  _ldraw_?: DrawOp[];
}

export interface JsonEdge {
  _gvid: number;
  tail: number;
  head: number;
  _draw_?: DrawOp[];
  _hdraw_?: DrawOp[];
  _ldraw_?: DrawOp[];
}

export interface JsonGraph {
  bb: string;
  objects?: JsonObject[];
  edges?: JsonEdge[];
}

/** "runtime/pprof.(*Profile).WriteTo" → ["pprof", "(*Profile)", "WriteTo"], as pprof labels its nodes. */
export function labelLines(fn: string): string[] {
  const slash = fn.lastIndexOf('/');
  const short = slash >= 0 && slash < fn.length - 1 ? fn.slice(slash + 1) : fn;
  const parts = short.split('.').filter((p) => p !== '');
  return parts.length > 0 ? parts : [fn];
}

/** Font size 8 to 24 by the square root of the flat share of the largest flat, as pprof sizes its nodes. */
export function fontSize(flat: number, maxFlat: number): number {
  return maxFlat <= 0 ? 8 : 8 + Math.ceil(16 * Math.sqrt(Math.abs(flat) / maxFlat));
}

/** The viz-js graph object of an answer: node and edge names are indexes, labels are plain text attributes. */
export function toGraphObject(answer: CallGraphAnswer): object {
  const unit = answer.window.unit;
  const total = answer.window.total || 1;
  const maxFlat = Math.max(0, ...answer.nodes.map((n) => Math.abs(n.flat)));
  const index = new Map(answer.nodes.map((n, i) => [n.function, i]));
  return {
    graphAttributes: { rankdir: 'TB', nodesep: 0.25, ranksep: 0.45, pad: 0.1 },
    nodeAttributes: { shape: 'box', fontname: 'Helvetica', margin: '0.12,0.06' },
    edgeAttributes: { fontname: 'Helvetica', fontsize: 9 },
    nodes: answer.nodes.map((n, i) => ({
      name: 'n' + i,
      attributes: {
        label:
          labelLines(n.function).join('\n') +
          '\n' +
          (n.flat !== 0 ? `${formatValue(n.flat, unit)} (${formatPercent(n.flat / total)})` : '0') +
          (n.cum !== n.flat ? `${n.flat !== 0 ? '\n' : ' '}of ${formatValue(n.cum, unit)} (${formatPercent(n.cum / total)})` : ''),
        fontsize: fontSize(n.flat, maxFlat),
      },
    })),
    edges: answer.edges.map((e) => ({
      tail: 'n' + index.get(e.caller),
      head: 'n' + index.get(e.callee),
      attributes: {
        label: ' ' + formatValue(e.weight, unit),
        penwidth: 1 + Math.min(4, Math.floor((Math.abs(e.weight) * 5) / total)),
        weight: 1 + Math.min(100, Math.floor((Math.abs(e.weight) * 100) / total)),
        ...(e.residual ? { style: 'dotted' } : {}),
      },
    })),
  };
}

type Viz = { renderJSON(input: object, options?: object): object };
let viz: Promise<Viz> | null = null;

/** The Graphviz instance, loaded once (about 470 KB gzipped, in its own chunk). */
function graphviz(): Promise<Viz> {
  viz ??= import('@viz-js/viz').then((module) => module.instance() as Promise<Viz>);
  return viz;
}

export async function layout(answer: CallGraphAnswer): Promise<GraphLayout> {
  const json = (await graphviz()).renderJSON(toGraphObject(answer), { engine: 'dot', yInvert: true }) as JsonGraph;
  return fromJson(json);
}

/** Graphviz's json output (points, y downwards with yInvert) → geometry. */
export function fromJson(json: JsonGraph): GraphLayout {
  const bb = json.bb.split(',').map(Number);
  const objects = json.objects ?? [];
  const nodes: LaidNode[] = objects
    .filter((o) => o.pos !== undefined && /^n\d+$/.test(o.name))
    .map((o) => {
      const [x, y] = o.pos!.split(',').map(Number) as [number, number];
      return { index: Number(o.name.slice(1)), x, y, width: Number(o.width) * 72, height: Number(o.height) * 72, lines: texts(o._ldraw_) };
    });
  const edges: LaidEdge[] = (json.edges ?? []).map((e) => {
    const spline = (e._draw_ ?? []).find((op) => op.op === 'b' || op.op === 'B');
    const head = (e._hdraw_ ?? []).find((op) => op.op === 'P' || op.op === 'p');
    const points = spline?.points ?? [];
    let path = '';
    if (points.length > 0) {
      path = `M${points[0]![0]},${points[0]![1]}`;
      for (let k = 1; k + 2 < points.length; k += 3) {
        path += ` C${points[k]![0]},${points[k]![1]} ${points[k + 1]![0]},${points[k + 1]![1]} ${points[k + 2]![0]},${points[k + 2]![1]}`;
      }
    }
    return { index: e._gvid, path, arrow: (head?.points ?? []).map((p) => `${p[0]},${p[1]}`).join(' '), label: texts(e._ldraw_) };
  });
  // bb is "llx,lly,urx,ury"; with yInvert the two y values trade places
  return { width: Math.abs((bb[2] ?? 0) - (bb[0] ?? 0)), height: Math.abs((bb[3] ?? 0) - (bb[1] ?? 0)), nodes, edges };
}

function texts(ops: DrawOp[] | undefined): LaidText[] {
  const result: LaidText[] = [];
  let size = 14;
  for (const op of ops ?? []) {
    if (op.op === 'F' && op.size !== undefined) {
      size = op.size;
    } else if (op.op === 'T' && op.pt && op.text !== undefined) {
      result.push({ x: op.pt[0], y: op.pt[1], size, text: op.text });
    }
  }
  return result;
}
