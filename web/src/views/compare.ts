import { ApiClient, type DiffQuery } from '../api/client';
import type { CatalogService, DiffAnswer, WindowInfo } from '../api/types';
import { diffModeNote, effectiveDiffMode } from '../model/diff-mode';
import { ABSOLUTE_WEIGHTS, fromDiffFlamebearer, relativeWeights, reweigh, type FlameModel } from '../model/flame-model';
import { formatPercent, formatValue } from '../model/units';
import { buildSelector } from '../state/selector';
import type { Store } from '../state/store';
import { absolute, describeRange, parseTime, shiftEarlier, WEEK_MS } from '../state/time';
import type { Selection, ViewState } from '../state/view-state';
import { recordDecode } from '../ui/debug';
import { el } from '../ui/dom';
import { DiffTable } from '../ui/diff-table';
import { FlameGraph } from '../ui/flame-graph';
import { Latest } from '../ui/request';
import { SearchBox } from '../ui/search-box';
import { SelectionPanel } from '../ui/selection-panel';
import { shareYScale, splitPoint } from '../ui/shared-scale';
import { StatusOverlay } from '../ui/status';
import { preferredType, TypePicker, typesOf } from '../ui/type-picker';

const BEFORE_COLOR = 'rgba(47, 158, 68, 0.16)';
const AFTER_COLOR = 'rgba(224, 49, 49, 0.16)';

/** "Last week vs today": the comparison as it is, the baseline the same window 7 days earlier. */
export function lastWeekVsToday(main: Selection): Selection {
  return { ...main, from: shiftEarlier(main.from, WEEK_MS), to: shiftEarlier(main.to, WEEK_MS) };
}

/**
 * Two selections compared: baseline (left) and comparison (right), each with its own service, filters
 * and range, or "before vs after" picked on one timeline; then the diff flame graph (or both graphs side
 * by side) and the diff table.
 */
export class CompareView {
  readonly element: HTMLElement;
  private readonly typePicker: TypePicker;
  private readonly basePanel: SelectionPanel;
  private readonly mainPanel: SelectionPanel;
  private readonly baPanel: SelectionPanel;
  private readonly sides: HTMLElement;
  private readonly baSection: HTMLElement;
  private readonly baSummary = el('span', { class: 'panel-note', testid: 'ba-summary' });
  private readonly dragBefore: HTMLButtonElement;
  private readonly dragAfter: HTMLButtonElement;
  private dragTarget: 'before' | 'after' = 'before';
  private readonly modeButtons: Record<'relative' | 'absolute', HTMLButtonElement>;
  private readonly layoutButtons: Record<'diff' | 'side', HTMLButtonElement>;
  private readonly diffGraph: FlameGraph;
  private readonly leftGraph: FlameGraph;
  private readonly rightGraph: FlameGraph;
  private readonly graphs: HTMLElement;
  private readonly graphStatus: StatusOverlay;
  private readonly diffRequest: Latest<DiffAnswer>;
  private readonly diffNote = el('div', { class: 'diff-note', testid: 'diff-note' });
  private readonly modeNote = el('div', { class: 'diff-note diff-mode-note', testid: 'diff-mode-note' });
  private readonly table: DiffTable;
  private readonly tableStatus: StatusOverlay;
  private readonly search: SearchBox;

  private state: ViewState | null = null;
  private dataKey = '';
  private answer: DiffAnswer | null = null;
  private model: FlameModel | null = null;
  private shownKey = '';

  constructor(private readonly store: Store) {
    this.typePicker = new TypePicker('compare-type', (profileType) => this.store.update({ profileType, zoom: [] }));
    const preset = (testid: string, label: string, title: string, action: () => void): HTMLButtonElement =>
      el('button', { class: 'btn', testid, title, on: { click: action } }, label);
    const toggle = (testid: string, label: string, action: () => void): HTMLButtonElement =>
      el('button', { class: 'seg', testid, on: { click: action } }, label);
    this.modeButtons = {
      relative: toggle('mode-relative', 'Relative', () => this.store.update({ diffMode: 'relative' }, 'replace')),
      absolute: toggle('mode-absolute', 'Absolute', () => this.store.update({ diffMode: 'absolute' }, 'replace')),
    };
    this.layoutButtons = {
      diff: toggle('layout-diff', 'Diff', () => this.store.update({ layout: 'diff' })),
      side: toggle('layout-side', 'Side by side', () => this.store.update({ layout: 'side' })),
    };
    const bar = el(
      'div',
      { class: 'toolbar compare-bar' },
      this.typePicker.element,
      el('span', { class: 'field-label' }, 'Presets'),
      preset('preset-last-week', 'Last week vs today', 'Baseline: the same window 7 days earlier', () => this.lastWeek()),
      preset('preset-before-after', 'Before vs after', 'Pick both ranges on one timeline', () => this.beforeAfter()),
      el('span', { class: 'spacer' }),
      el('span', { class: 'field-label' }, 'Scale'),
      el('div', { class: 'segmented', role: 'group', 'aria-label': 'Scale' }, this.modeButtons.relative, this.modeButtons.absolute),
      el('span', { class: 'field-label' }, 'Layout'),
      el('div', { class: 'segmented', role: 'group', 'aria-label': 'Layout' }, this.layoutButtons.diff, this.layoutButtons.side),
    );

    this.basePanel = new SelectionPanel({
      testid: 'base',
      title: 'Baseline',
      onChange: (base) => this.store.update({ base, beforeAfter: null }),
      onServices: (services) => this.autoPick(services),
    });
    this.mainPanel = new SelectionPanel({
      testid: 'comparison',
      title: 'Comparison',
      onChange: (main) => this.store.update({ main, beforeAfter: null }),
      onServices: (services) => this.autoPick(services),
    });
    this.sides = el('div', { class: 'sides' }, this.basePanel.element, this.mainPanel.element);
    shareYScale([this.basePanel.chart, this.mainPanel.chart].filter((chart) => chart !== null));

    this.dragBefore = toggle('drag-before', 'Before', () => this.setDragTarget('before'));
    this.dragAfter = toggle('drag-after', 'After', () => this.setDragTarget('after'));
    this.baPanel = new SelectionPanel({
      testid: 'ba',
      title: 'Before vs after',
      onChange: (sel) => this.onBeforeAfterChange(sel),
      onServices: (services) => this.autoPick(services),
      trailing: [el('span', { class: 'field-label' }, 'Drag sets'), el('div', { class: 'segmented', role: 'group' }, this.dragBefore, this.dragAfter)],
      onDrag: (fromMs, toMs) => this.onBeforeAfterDrag(fromMs, toMs),
    });
    this.baSection = el('div', { class: 'ba-section' }, this.baPanel.element, this.baSummary);

    this.diffGraph = new FlameGraph({
      testid: 'diff-flamegraph',
      title: 'Diff flame graph',
      colorBy: 'diff',
      onZoom: (zoom) => this.store.update({ zoom }),
      onOrientation: (orientation) => this.store.update({ orientation }),
      onSearchFunction: (search) => this.store.update({ search }),
      extras: [legend()],
    });
    this.leftGraph = new FlameGraph({ testid: 'left-flamegraph', title: 'Baseline', colorBy: 'package', onZoom: (zoom) => this.store.update({ zoom }) });
    this.rightGraph = new FlameGraph({ testid: 'right-flamegraph', title: 'Comparison', colorBy: 'package', onZoom: (zoom) => this.store.update({ zoom }) });
    this.graphs = el(
      'div',
      { class: 'panel compare-graphs' },
      this.diffNote,
      this.modeNote,
      this.diffGraph.element,
      el('div', { class: 'side-graphs' }, this.leftGraph.element, this.rightGraph.element),
    );
    this.graphStatus = new StatusOverlay(this.graphs);
    this.diffRequest = new Latest(this.graphStatus);

    this.search = new SearchBox('compare-search', (search) => this.store.update({ search }, 'replace'));
    this.table = new DiffTable((diffSort) => this.store.update({ diffSort }, 'replace'));
    const tablePanel = el(
      'div',
      { class: 'panel diff-table-panel' },
      el('header', { class: 'panel-header' }, el('h2', {}, 'Functions by size of change'), el('span', { class: 'spacer' }), this.search.element),
      this.table.element,
    );
    this.tableStatus = new StatusOverlay(tablePanel);

    this.element = el('main', { class: 'view compare', testid: 'compare' }, bar, this.sides, this.baSection, this.graphs, tablePanel);
  }

  render(state: ViewState, force = false): void {
    this.state = state;
    const api = new ApiClient(state.tenant);
    const ba = state.beforeAfter;
    this.sides.hidden = ba !== null;
    this.baSection.hidden = ba === null;
    if (ba) {
      this.baPanel.update({ api, tenant: state.tenant, profileType: state.profileType, selection: { ...state.main, from: ba.from, to: ba.to } }, force);
      this.baPanel.setBands([
        { fromMs: this.ms(state.base.from), toMs: this.ms(state.base.to), color: BEFORE_COLOR, label: 'before' },
        { fromMs: this.ms(state.main.from), toMs: this.ms(state.main.to), color: AFTER_COLOR, label: 'after' },
      ]);
      this.baSummary.textContent = `Before: ${describeRange(state.base.from, state.base.to)} · After: ${describeRange(state.main.from, state.main.to)}`;
      this.dragBefore.setAttribute('aria-pressed', String(this.dragTarget === 'before'));
      this.dragAfter.setAttribute('aria-pressed', String(this.dragTarget === 'after'));
    } else {
      this.basePanel.update({ api, tenant: state.tenant, profileType: state.profileType, selection: state.base }, force);
      this.mainPanel.update({ api, tenant: state.tenant, profileType: state.profileType, selection: state.main }, force);
    }
    const services = [...this.basePanel.serviceList, ...this.mainPanel.serviceList, ...this.baPanel.serviceList];
    this.typePicker.set(typesOf(services, [state.main.service, state.base.service]), state.profileType);
    const mode = effectiveDiffMode(state.diffMode, state.profileType);
    for (const m of ['relative', 'absolute'] as const) {
      this.modeButtons[m].setAttribute('aria-pressed', String(mode === m));
    }
    this.modeNote.textContent = state.profileType ? diffModeNote(mode, state.profileType) : '';
    for (const layout of ['diff', 'side'] as const) {
      this.layoutButtons[layout].setAttribute('aria-pressed', String(state.layout === layout));
    }
    this.graphs.dataset.layout = state.layout;

    const query = this.query(state);
    const key = JSON.stringify([state.tenant, query]);
    if (force || key !== this.dataKey) {
      this.dataKey = key;
      this.load(api, query);
    }
    this.show();
  }

  private ms(expression: string): number {
    try {
      return parseTime(expression, Date.now());
    } catch {
      return 0;
    }
  }

  private query(state: ViewState): DiffQuery | null {
    if (!state.profileType || !state.main.service || !state.base.service) {
      return null;
    }
    return {
      profileType: state.profileType,
      leftQuery: buildSelector(state.base.service, state.base.filters),
      rightQuery: buildSelector(state.main.service, state.main.filters),
      leftFrom: state.base.from,
      leftTo: state.base.to,
      rightFrom: state.main.from,
      rightTo: state.main.to,
    };
  }

  private autoPick(services: CatalogService[]): void {
    const s = this.store.state;
    if (s.view !== 'compare') {
      return;
    }
    const service = s.main.service || services[0]?.name || '';
    const types = typesOf(services, [service]);
    const patch: Partial<ViewState> = {};
    if (service && service !== s.main.service) {
      patch.main = { ...s.main, service };
    }
    if (service && !s.base.service) {
      patch.base = { ...s.base, service };
    }
    if (!s.profileType && types.length > 0) {
      patch.profileType = preferredType(types);
    }
    if (Object.keys(patch).length > 0) {
      this.store.update(patch, 'replace');
    } else {
      this.render(s);
    }
  }

  private lastWeek(): void {
    this.store.update((s) => ({ base: lastWeekVsToday(s.main), beforeAfter: null, zoom: [] }));
  }

  /**
   * Splits the comparison's window in two halves (or the part of it its timeline has data in), to be
   * adjusted by dragging on the one timeline.
   */
  private beforeAfter(): void {
    const s = this.store.state;
    const now = Date.now();
    const [from, mid, to] = splitPoint(parseTime(s.main.from, now), parseTime(s.main.to, now), this.mainPanel.chart?.dataExtent() ?? null);
    this.dragTarget = 'before';
    this.store.update({
      beforeAfter: { from: s.main.from, to: s.main.to },
      base: { ...s.main, from: absolute(from), to: absolute(mid) },
      main: { ...s.main, from: absolute(mid), to: absolute(to) },
      zoom: [],
    });
  }

  private setDragTarget(target: 'before' | 'after'): void {
    this.dragTarget = target;
    this.render(this.store.state);
  }

  private onBeforeAfterDrag(fromMs: number, toMs: number): void {
    const side = this.dragTarget;
    this.dragTarget = side === 'before' ? 'after' : 'before';
    this.store.update((s) =>
      side === 'before'
        ? { base: { ...s.base, from: absolute(fromMs), to: absolute(toMs) } }
        : { main: { ...s.main, from: absolute(fromMs), to: absolute(toMs) } },
    );
  }

  /** Service and filters apply to both sides; the picker moves the timeline's window. */
  private onBeforeAfterChange(sel: Selection): void {
    this.store.update((s) => ({
      beforeAfter: { from: sel.from, to: sel.to },
      main: { ...s.main, service: sel.service, filters: sel.filters },
      base: { ...s.base, service: sel.service, filters: sel.filters },
    }));
  }

  private load(api: ApiClient, query: DiffQuery | null): void {
    this.answer = null;
    this.model = null;
    this.shownKey = '';
    if (!query) {
      this.diffRequest.cancel();
      this.graphStatus.idle('Pick a service for both sides and a profile type.');
      this.tableStatus.idle('');
      this.setGraphs(null);
      return;
    }
    this.tableStatus.loading('Comparing…');
    this.diffRequest.run(
      (signal) => api.diff(query, signal),
      (answer) => {
        const t0 = performance.now();
        this.model = fromDiffFlamebearer(answer.flamebearer);
        recordDecode('diff-flamegraph', performance.now() - t0, this.model.count);
        this.answer = answer;
        this.tableStatus.ready();
        this.shownKey = '';
        this.show();
      },
      'Comparing…',
    );
  }

  private show(): void {
    const state = this.state!;
    const answer = this.answer;
    const base = this.model;
    this.diffGraph.setSearch(state.search);
    this.leftGraph.setSearch(state.search);
    this.rightGraph.setSearch(state.search);
    this.search.set(state.search);
    this.diffGraph.setOrientation(state.orientation);
    this.leftGraph.setOrientation(state.orientation);
    this.rightGraph.setOrientation(state.orientation);
    if (!answer || !base) {
      return;
    }
    const mode = effectiveDiffMode(state.diffMode, state.profileType);
    const key = JSON.stringify([this.dataKey, mode, state.layout]);
    if (key !== this.shownKey) {
      this.shownKey = key;
      if (answer.leftTotal === 0 && answer.rightTotal === 0) {
        this.setGraphs(null);
        this.graphStatus.empty('Neither side has profiles', 'Widen the ranges, or check the services and filters of both sides.');
        this.tableStatus.empty('Nothing to compare');
      } else {
        this.setGraphs(base);
        this.diffNote.textContent = noteFor(answer);
        this.diffNote.classList.toggle('warning', answer.leftTotal === 0 || answer.rightTotal === 0);
      }
    }
    this.diffGraph.setZoom(state.zoom);
    this.leftGraph.setZoom(state.zoom);
    this.rightGraph.setZoom(state.zoom);
    this.table.set(answer.table, answer.unit, answer.leftTotal, answer.rightTotal, mode, state.diffSort, state.search);
  }

  private setGraphs(model: FlameModel | null): void {
    const state = this.state!;
    const unit = this.answer?.unit ?? 'count';
    if (!model || !model.diff) {
      this.diffGraph.setData(null);
      this.leftGraph.setData(null);
      this.rightGraph.setData(null);
      return;
    }
    const relative = effectiveDiffMode(state.diffMode, state.profileType) === 'relative';
    if (state.layout === 'diff') {
      this.diffGraph.setData({ model: reweigh(model, relative ? relativeWeights(model.diff) : ABSOLUTE_WEIGHTS), unit, relative });
      this.leftGraph.setData(null);
      this.rightGraph.setData(null);
    } else {
      this.diffGraph.setData(null);
      this.leftGraph.setData({ model: reweigh(model, { left: 1, right: 0 }), unit });
      this.rightGraph.setData({ model: reweigh(model, { left: 0, right: 1 }), unit });
    }
  }
}

function noteFor(a: DiffAnswer): string {
  if (a.leftTotal === 0) {
    return 'The baseline has no profiles in its range: everything shows as new.';
  }
  if (a.rightTotal === 0) {
    return 'The comparison has no profiles in its range: everything shows as gone.';
  }
  const change = (a.rightTotal - a.leftTotal) / a.leftTotal;
  const side = (w: WindowInfo, total: number): string =>
    w.values === 'average'
      ? `average ${formatValue(total, a.unit)} (average of ${w.averageOf ?? w.snapshots} snapshots)`
      : `${formatValue(total, a.unit)} (${w.snapshots} profiles)`;
  return `Baseline ${side(a.left, a.leftTotal)} → comparison ${side(a.right, a.rightTotal)}, ${change >= 0 ? '+' : ''}${formatPercent(change)} in total.`;
}

function legend(): HTMLElement {
  return el(
    'span',
    { class: 'diff-legend', title: 'Colour: change of each frame between baseline and comparison' },
    el('span', { class: 'legend-label' }, 'shrank'),
    el('span', { class: 'legend-bar' }),
    el('span', { class: 'legend-label' }, 'grew'),
  );
}
