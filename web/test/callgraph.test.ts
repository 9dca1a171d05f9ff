import { describe, expect, it } from 'vitest';
import type { CallGraphAnswer } from '../src/api/callgraph-types';
import type { Flamebearer } from '../src/api/types';
import { fromFlamebearer } from '../src/model/flame-model';
import { escapeRegex, flameFocus, heaviestPath } from '../src/model/graph-focus';
import { fontSize, fromJson, labelLines, toGraphObject } from '../src/model/graph-layout';
import { matcher } from '../src/model/search';

// total(10) → a(6) → c(5); total → b(4) → c(3): c's heavier frame is under a.
const fb: Flamebearer = {
  names: ['total', 'a', 'b', 'c'],
  levels: [
    [0, 10, 0, 0],
    [0, 6, 1, 1, 0, 4, 1, 2],
    [1, 5, 5, 3, 1, 3, 3, 3],
  ],
  numTicks: 10,
  maxSelf: 5,
};

describe('graph focus', () => {
  it('zooms to the heaviest frame of the function', () => {
    const model = fromFlamebearer(fb);
    expect(heaviestPath(model, 'c')).toEqual(['a', 'c']);
    expect(heaviestPath(model, 'b')).toEqual(['b']);
    expect(heaviestPath(model, 'nope')).toEqual([]);
  });

  it('searches for exactly the name, whatever characters it holds', () => {
    const name = '<img src=x onerror=alert(1)>.f[0]/x*';
    const focus = flameFocus(null, name);
    expect(focus).toEqual({ tab: 'flame', zoom: [], search: '/^' + escapeRegex(name) + '$/' });
    expect(matcher(focus.search)(name)).toBe(true);
    expect(matcher(focus.search)(name + 'y')).toBe(false);
    expect(matcher(flameFocus(null, 'main.f').search)('mainxf')).toBe(false);
  });
});

describe('graph layout', () => {
  it('labels nodes as pprof does: package path left out, one line per name part', () => {
    expect(labelLines('runtime/pprof.(*Profile).WriteTo')).toEqual(['pprof', '(*Profile)', 'WriteTo']);
    expect(labelLines('main.increase2000')).toEqual(['main', 'increase2000']);
    expect(labelLines('<img src=x onerror=alert(1)>')).toEqual(['<img src=x onerror=alert(1)>']);
  });

  it('sizes fonts by the square root of the flat share', () => {
    expect(fontSize(0, 100)).toBe(8);
    expect(fontSize(100, 100)).toBe(24);
    expect(fontSize(25, 100)).toBe(16);
  });

  it('gives Graphviz indexes for names and marks residual edges dotted', () => {
    const answer: CallGraphAnswer = {
      window: { profileType: 't', unit: 'count', aggregation: 'sum', from: '', to: '', series: 1, snapshots: 1, total: 10 },
      shownFlat: 10, nodeCutoff: 0, droppedNodes: 0, nodesBeforeLimit: 2, edgeCutoff: 0,
      nodes: [
        { function: 'x"y', flat: 0, flatPercent: 0, cum: 10, cumPercent: 100 },
        { function: 'z', flat: 10, flatPercent: 100, cum: 10, cumPercent: 100 },
      ],
      edges: [{ caller: 'x"y', callee: 'z', weight: 10, weightPercent: 100, residual: true }],
    };
    const graph = toGraphObject(answer) as { nodes: { name: string; attributes: { label: string } }[]; edges: { tail: string; head: string; attributes: { style?: string } }[] };
    expect(graph.nodes.map((n) => n.name)).toEqual(['n0', 'n1']);
    expect(graph.nodes[0]!.attributes.label).toBe('x"y\n0 of 10 (100.0%)');
    expect(graph.nodes[1]!.attributes.label).toBe('z\n10 (100.0%)');
    expect(graph.edges[0]).toMatchObject({ tail: 'n0', head: 'n1', attributes: { style: 'dotted' } });
  });

  it('reads Graphviz json with y inverted', () => {
    const laid = fromJson({
      bb: '0,100,50,0',
      objects: [{ _gvid: 0, name: 'n0', pos: '25,20', width: '0.5', height: '0.25', _ldraw_: [{ op: 'F', size: 9 }, { op: 'T', pt: [25, 22], text: 'a' }] }],
      edges: [{ _gvid: 0, tail: 0, head: 0, _draw_: [{ op: 'b', points: [[1, 2], [3, 4], [5, 6], [7, 8]] }], _hdraw_: [{ op: 'P', points: [[0, 0], [1, 1], [2, 0]] }] }],
    });
    expect(laid.width).toBe(50);
    expect(laid.height).toBe(100);
    expect(laid.nodes).toEqual([{ index: 0, x: 25, y: 20, width: 36, height: 18, lines: [{ x: 25, y: 22, size: 9, text: 'a' }] }]);
    expect(laid.edges[0]).toEqual({ index: 0, path: 'M1,2 C3,4 5,6 7,8', arrow: '0,0 1,1 2,0', label: [] });
  });
});
