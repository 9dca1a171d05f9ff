import type { CallGraphAnswer, PeekAnswer } from '../api/callgraph-types';
import { layout, type GraphLayout, type LaidText } from '../model/graph-layout';
import { formatPercent, formatValue } from '../model/units';
import { el, replaceChildren } from './dom';
import './call-graph.css';

const SVG = 'http://www.w3.org/2000/svg';

export interface CallGraphOptions {
  /** A node was clicked: show the function in the flame graph. */
  onFocus: (fn: string) => void;
  /** A node was right-clicked, or a peek row clicked: peek at the function. */
  onPeek: (fn: string) => void;
}

/**
 * The call graph panel: the graph as SVG (laid out by Graphviz, drawn here with text nodes only) beside the
 * peek table of one function. Every function name reaches the page through textContent.
 */
export class CallGraphPanel {
  readonly element: HTMLElement;
  /** Hosts for status overlays; the drawing and the table go into their inner elements. */
  readonly graphHost: HTMLElement;
  readonly peekHost: HTMLElement;
  private readonly canvas = el('div', { class: 'callgraph-canvas', testid: 'callgraph' });
  private readonly peekContent = el('div', { class: 'peek-content' });
  private readonly summary = el('span', { class: 'panel-note', testid: 'callgraph-summary' });
  private generation = 0;

  constructor(private readonly options: CallGraphOptions) {
    this.graphHost = el('div', { class: 'callgraph-host' }, this.canvas);
    this.peekHost = el('div', { class: 'peek-panel', testid: 'peek' }, this.peekContent);
    this.element = el(
      'div',
      { class: 'panel graph-panel', testid: 'graph-panel' },
      el('header', { class: 'panel-header' }, el('h2', {}, 'Call graph'), this.summary),
      el('div', { class: 'graph-body' }, this.graphHost, this.peekHost),
    );
  }

  /** Lays out and draws {@code answer}; resolves when drawn (a newer call wins). */
  async show(answer: CallGraphAnswer): Promise<void> {
    const generation = ++this.generation;
    const w = answer.window;
    const dropped = answer.nodesBeforeLimit > answer.nodes.length ? `, top ${answer.nodes.length} of ${answer.nodesBeforeLimit}` : '';
    this.summary.textContent =
      `${answer.nodes.length} nodes, ${answer.edges.length} edges · showing ${formatValue(answer.shownFlat, w.unit)} of ${formatValue(w.total, w.unit)}` +
      (answer.droppedNodes > 0 ? ` · dropped ${answer.droppedNodes} nodes below ${formatValue(answer.nodeCutoff, w.unit)}${dropped}` : dropped);
    if (answer.nodes.length === 0) {
      replaceChildren(this.canvas);
      return;
    }
    const laid = await layout(answer);
    if (generation === this.generation) {
      replaceChildren(this.canvas, this.draw(answer, laid));
      this.canvas.dataset.ready = 'true';
    }
  }

  clear(): void {
    this.generation++;
    this.summary.textContent = '';
    delete this.canvas.dataset.ready;
    replaceChildren(this.canvas);
  }

  showPeek(peek: PeekAnswer | null): void {
    if (!peek) {
      replaceChildren(this.peekContent, el('p', { class: 'panel-note' }, 'Right-click a node to list its callers and callees.'));
      return;
    }
    const unit = peek.window.unit;
    const total = peek.window.total || 1;
    const rows = (kind: string, calls: PeekAnswer['callers']) =>
      calls.map((call) =>
        el(
          'tr',
          { class: 'peek-row peek-' + kind, testid: 'peek-' + kind, title: 'Peek at this function', on: { click: () => this.options.onPeek(call.function) } },
          el('td', { class: 'num' }, formatValue(call.weight, unit)),
          el('td', { class: 'num' }, formatPercent(call.percentOfCum / 100)),
          el('td', { class: 'fn' }, call.function),
        ),
      );
    const section = (label: string) => el('tr', { class: 'peek-section' }, el('th', { 'aria-label': label }), el('th'), el('th', {}, label));
    replaceChildren(
      this.peekContent,
      el('h2', { testid: 'peek-title' }, peek.function),
      peek.found
        ? el(
            'table',
            { class: 'peek-table', testid: 'peek-table' },
            el('thead', {}, el('tr', {}, el('th', { class: 'num' }, 'Calls'), el('th', { class: 'num' }, 'Share'), el('th', {}, 'Function'))),
            el(
              'tbody',
              {},
              section(peek.callers.length ? 'Callers' : 'Callers: none (an entry point)'),
              ...rows('caller', peek.callers),
              el(
                'tr',
                { class: 'peek-self', testid: 'peek-self' },
                el('td', { class: 'num' }, formatValue(peek.cum, unit)),
                el('td', { class: 'num' }, formatPercent(peek.cum / total)),
                el('td', { class: 'fn' }, `${peek.function} · flat ${formatValue(peek.flat, unit)} (${formatPercent(peek.flat / total)})`),
              ),
              section(peek.callees.length ? 'Callees' : 'Callees: none'),
              ...rows('callee', peek.callees),
            ),
          )
        : el('p', { class: 'panel-note' }, 'This function is not in the selection.'),
    );
  }

  private draw(answer: CallGraphAnswer, laid: GraphLayout): SVGSVGElement {
    const svg = svgEl('svg', { width: laid.width, height: laid.height, viewBox: `0 0 ${laid.width} ${laid.height}`, class: 'callgraph-svg' });
    const maxCum = Math.max(1, ...answer.nodes.map((n) => Math.abs(n.cum)));
    for (const edge of laid.edges) {
      const data = answer.edges[edge.index];
      if (!data) {
        continue;
      }
      const g = svgEl('g', { class: 'cg-edge' + (data.residual ? ' residual' : '') });
      g.append(title(`${data.caller} ${data.residual ? '…' : '→'} ${data.callee} (${formatValue(data.weight, answer.window.unit)})`));
      g.append(svgEl('path', { d: edge.path, fill: 'none' }), svgEl('polygon', { points: edge.arrow }));
      edge.label.forEach((t) => g.append(text(t, 'cg-edge-label')));
      svg.append(g);
    }
    for (const node of laid.nodes) {
      const data = answer.nodes[node.index];
      if (!data) {
        continue;
      }
      const heat = Math.abs(data.cum) / maxCum;
      const g = svgEl('g', { class: 'cg-node', 'data-function-index': node.index, tabindex: 0, role: 'button' });
      g.dataset.function = data.function;
      g.append(title(`${data.function}\nflat ${formatValue(data.flat, answer.window.unit)} · cum ${formatValue(data.cum, answer.window.unit)}\nclick: flame graph · right-click: peek`));
      g.append(
        svgEl('rect', {
          x: node.x - node.width / 2,
          y: node.y - node.height / 2,
          width: node.width,
          height: node.height,
          rx: 3,
          fill: `hsl(${Math.round(40 - 40 * heat)}, ${Math.round(40 + 50 * heat)}%, ${Math.round(95 - 22 * heat)}%)`,
        }),
      );
      node.lines.forEach((t) => g.append(text(t, 'cg-node-label')));
      g.addEventListener('click', () => this.options.onFocus(data.function));
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          this.options.onFocus(data.function);
        }
      });
      g.addEventListener('contextmenu', (e) => {
        e.preventDefault();
        this.options.onPeek(data.function);
      });
      svg.append(g);
    }
    return svg;
  }
}

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    node.setAttribute(key, String(value));
  }
  return node;
}

function text(t: LaidText, cls: string): SVGTextElement {
  const node = svgEl('text', { x: t.x, y: t.y, 'font-size': t.size, 'text-anchor': 'middle', class: cls });
  node.textContent = t.text;
  return node;
}

function title(content: string): SVGTitleElement {
  const node = svgEl('title', {});
  node.textContent = content;
  return node;
}
