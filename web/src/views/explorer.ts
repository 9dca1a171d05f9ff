import { ApiClient, type ProfileQuery } from '../api/client';
import type { CatalogService, FlameGraphAnswer, TopAnswer } from '../api/types';
import { downloadName } from '../model/download-name';
import { fromFlamebearer, type FlameModel } from '../model/flame-model';
import { toFlamebearerFile, type LoadedFlamebearer } from '../model/flamebearer-file';
import { sandwich } from '../model/sandwich';
import { formatPercent, formatValue } from '../model/units';
import { buildSelector } from '../state/selector';
import type { Store } from '../state/store';
import { parseTime } from '../state/time';
import type { ExploreTab, ViewState } from '../state/view-state';
import { recordDecode } from '../ui/debug';
import { el, replaceChildren } from '../ui/dom';
import { ExportMenu } from '../ui/export-menu';
import { flameExportSection, flameOpenButton } from '../ui/flame-files';
import { FlameGraph } from '../ui/flame-graph';
import { FunctionPicker } from '../ui/function-picker';
import { nameText } from '../ui/name-text';
import { LinesPanel } from '../ui/lines-panel';
import { Latest } from '../ui/request';
import { SearchBox } from '../ui/search-box';
import { SelectionPanel } from '../ui/selection-panel';
import { StatusOverlay } from '../ui/status';
import { TopTable } from '../ui/top-table';
import { preferredType, TypePicker, typesOf } from '../ui/type-picker';
import { GraphTab } from './graph-tab';

const TABS: { tab: ExploreTab; label: string }[] = [
  { tab: 'top', label: 'Top table' },
  { tab: 'flame', label: 'Flame graph' },
  { tab: 'both', label: 'Both' },
  { tab: 'sandwich', label: 'Sandwich' },
  { tab: 'lines', label: 'Lines' },
  { tab: 'graph', label: 'Graph' },
];

/** One selection: filters, timeline, top table, flame graph and the sandwich view of a function. */
export class ExplorerView {
  readonly element: HTMLElement;
  private readonly panel: SelectionPanel;
  private readonly typePicker: TypePicker;
  private readonly exportMenu: ExportMenu;
  private readonly search: SearchBox;
  private readonly tabButtons = new Map<ExploreTab, HTMLButtonElement>();
  private readonly content = el('div', { class: 'explorer-content' });
  private readonly flame: FlameGraph;
  private readonly flameStatus: StatusOverlay;
  private readonly flameRequest: Latest<FlameGraphAnswer>;
  private readonly topTable: TopTable;
  private readonly topStatus: StatusOverlay;
  private readonly topRequest: Latest<TopAnswer>;
  private readonly topSummary = el('span', { class: 'panel-note', testid: 'top-summary' });
  private readonly sandwichTitle = el('h2', { testid: 'sandwich-title' });
  private readonly sandwichNote = el('span', { class: 'panel-note' });
  private readonly callers: FlameGraph;
  private readonly callees: FlameGraph;
  private readonly sandwichStatus: StatusOverlay;
  private readonly picker: FunctionPicker;
  private readonly lines = new LinesPanel();
  private readonly graphTab: GraphTab;

  private state: ViewState | null = null;
  private dataKey = '';
  private model: FlameModel | null = null;
  private unit = 'count';
  private top: TopAnswer | null = null;
  private sandwichKey = '';
  private flameAnswer: FlameGraphAnswer | null = null;
  /** A flame graph opened from a file; shown instead of the selection's until closed. */
  private imported: LoadedFlamebearer | null = null;
  private readonly importedNote = el('div', { class: 'diff-note warning imported-note', testid: 'imported-note' });

  constructor(private readonly store: Store) {
    this.exportMenu = new ExportMenu(
      flameExportSection({
        png: () => this.flame.exportPng(),
        svg: () => this.flame.exportSvg(),
        json: () => this.flameJson(),
        fileName: (ext) => this.fileName(ext),
      }),
    );
    this.typePicker = new TypePicker('profile-type', (profileType) => this.store.update({ profileType, zoom: [], fn: '' }));
    const refresh = el('button', { class: 'btn', title: 'Reload with the range resolved again', testid: 'refresh', on: { click: () => this.render(this.store.state, true) } }, '↻');
    this.panel = new SelectionPanel({
      testid: 'main',
      onChange: (main) => this.store.update((s) => ({ main, zoom: sameSeries(s.main, main) ? s.zoom : [] })),
      onServices: (services) => this.autoPick(services),
      after: [this.typePicker.element],
      trailing: [refresh, this.exportMenu.element],
    });
    this.search = new SearchBox('search', (search) => this.store.update({ search }, 'replace'));

    this.flame = new FlameGraph({
      testid: 'flamegraph',
      title: 'Flame graph',
      colorBy: 'package',
      onZoom: (zoom) => this.store.update({ zoom }),
      onOrientation: (orientation) => this.store.update({ orientation }),
      onSandwich: (fn) => this.store.update({ tab: 'sandwich', fn }),
      onSearchFunction: (fn) => this.store.update({ search: fn }),
    });
    const flamePanel = el('div', { class: 'panel flame-panel' }, this.importedNote, this.flame.element);
    this.importedNote.hidden = true;
    const openJson = flameOpenButton(flamePanel, (loaded, fileName) => this.showImported(loaded, fileName));
    this.flameStatus = new StatusOverlay(flamePanel);
    this.flameRequest = new Latest(this.flameStatus);

    this.topTable = new TopTable(
      (topSort) => this.store.update({ topSort }, 'replace'),
      (fn) => this.store.update({ tab: 'sandwich', fn }),
    );
    const topPanel = el(
      'div',
      { class: 'panel top-panel' },
      el('header', { class: 'panel-header' }, el('h2', {}, 'Top functions'), this.topSummary),
      this.topTable.element,
    );
    this.topStatus = new StatusOverlay(topPanel);
    this.topRequest = new Latest(this.topStatus);

    this.callers = new FlameGraph({
      testid: 'sandwich-callers',
      title: 'Callers ▲',
      colorBy: 'package',
      fixedOrientation: 'flame',
      onSandwich: (fn) => this.store.update({ fn }),
    });
    this.callees = new FlameGraph({
      testid: 'sandwich-callees',
      title: 'Callees ▼',
      colorBy: 'package',
      fixedOrientation: 'icicle',
      onSandwich: (fn) => this.store.update({ fn }),
    });
    const sandwichBody = el('div', { class: 'sandwich-body' }, this.callers.element, this.callees.element);
    this.picker = new FunctionPicker((fn) => this.store.update({ tab: 'sandwich', fn }));
    const sandwichPanel = el(
      'div',
      { class: 'panel sandwich-panel', testid: 'sandwich' },
      el(
        'header',
        { class: 'panel-header' },
        this.picker.element,
        this.sandwichTitle,
        this.sandwichNote,
        el('button', { class: 'btn', testid: 'sandwich-lines', title: 'Flat and cum per source line', on: { click: () => this.store.update({ tab: 'lines' }) } }, 'Lines'),
      ),
      sandwichBody,
    );
    // The overlay covers the two graphs only, so the picker above stays usable in every state.
    this.sandwichStatus = new StatusOverlay(sandwichBody);

    const tabs = el(
      'div',
      { class: 'tabs', role: 'tablist' },
      ...TABS.map(({ tab, label }) => {
        const b = el('button', { class: 'tab', role: 'tab', testid: 'tab-' + tab, on: { click: () => this.store.update({ tab }) } }, label);
        this.tabButtons.set(tab, b);
        return b;
      }),
    );
    this.graphTab = new GraphTab(this.store, () => this.model);
    replaceChildren(this.content, topPanel, flamePanel, sandwichPanel, this.lines.element, this.graphTab.element);
    this.element = el(
      'main',
      { class: 'view explorer', testid: 'explorer' },
      this.panel.element,
      el('div', { class: 'view-bar' }, tabs, el('span', { class: 'spacer' }), openJson, this.search.element),
      this.content,
    );
  }

  render(state: ViewState, force = false): void {
    this.state = state;
    const api = new ApiClient(state.tenant);
    this.panel.update({ api, tenant: state.tenant, profileType: state.profileType, selection: state.main }, force);
    this.typePicker.set(typesOf(this.panel.serviceList, [state.main.service]), state.profileType);

    const query = this.query(state);
    this.exportMenu.update(state.tenant, query, query ? api.pprofUrl(query) : null, this.fileName('pb.gz') ?? '');

    const key = JSON.stringify([state.tenant, query]);
    if (force || key !== this.dataKey) {
      this.dataKey = key;
      this.load(api, query);
    }

    this.content.className = 'explorer-content tab-' + state.tab;
    for (const [tab, button] of this.tabButtons) {
      button.setAttribute('aria-selected', String(tab === state.tab));
    }
    this.search.set(state.search);
    this.flame.setSearch(state.search);
    this.flame.setOrientation(state.orientation);
    this.flame.setZoom(state.zoom);
    this.showTop();
    this.showSandwich();
    if (state.tab === 'lines') {
      this.lines.show(api, state.tenant, query, state.fn, force);
    }
    this.graphTab.render(state, api, query);
  }

  private query(state: ViewState): ProfileQuery | null {
    if (!state.main.service || !state.profileType) {
      return null;
    }
    return { profileType: state.profileType, query: buildSelector(state.main.service, state.main.filters), from: state.main.from, to: state.main.to };
  }

  /** Opens on the first service and its CPU profile when the URL names none. */
  private autoPick(services: CatalogService[]): void {
    const s = this.store.state;
    if (s.view !== 'explore') {
      return;
    }
    if (services.length === 0) {
      this.render(s);
      return;
    }
    const service = s.main.service || services[0]!.name;
    const types = typesOf(services, [service]);
    const profileType = s.profileType && (types.includes(s.profileType) || !s.main.service) ? s.profileType : preferredType(types);
    if (service !== s.main.service || profileType !== s.profileType) {
      this.store.update({ main: { ...s.main, service }, profileType: profileType || s.profileType }, 'replace');
    } else {
      this.render(s);
    }
  }

  /** SERVICE.TYPE.FROM_TO.EXT for the selection (the answer's resolved window once loaded); null without one. */
  private fileName(ext: string): string | null {
    const state = this.state;
    if (!state || !state.main.service || !state.profileType) {
      return null;
    }
    const w = this.flameAnswer?.window;
    try {
      const now = Date.now();
      const from = w ? Date.parse(w.from) : parseTime(state.main.from, now);
      const to = w ? Date.parse(w.to) : parseTime(state.main.to, now);
      return downloadName(state.main.service, state.profileType, from, to, ext);
    } catch {
      return null;
    }
  }

  private flameJson(): string | null {
    const a = this.flameAnswer;
    const state = this.state;
    if (!a || !state || this.imported) {
      return null;
    }
    const w = a.window;
    const file = toFlamebearerFile(a.flamebearer, {
      service: state.main.service,
      profileType: w.profileType,
      unit: w.unit,
      from: w.from,
      to: w.to,
      aggregation: w.aggregation,
      snapshots: w.snapshots,
    });
    return JSON.stringify(file);
  }

  private showImported(loaded: LoadedFlamebearer, fileName: string): void {
    this.imported = loaded;
    const model = fromFlamebearer(loaded.flamebearer);
    replaceChildren(
      this.importedNote,
      el('span', {}, `Showing ${fileName}: ${loaded.title}. `),
      el('button', { class: 'btn btn-small', testid: 'close-imported', on: { click: () => this.closeImported() } }, 'Close'),
    );
    this.importedNote.hidden = false;
    this.flameStatus.ready();
    this.flame.setData({ model, unit: loaded.unit });
    if (this.store.state.tab !== 'flame' && this.store.state.tab !== 'both') {
      this.store.update({ tab: 'flame' });
    }
  }

  private closeImported(): void {
    this.imported = null;
    this.importedNote.hidden = true;
    this.flame.setData(this.model ? { model: this.model, unit: this.unit } : null);
  }

  private load(api: ApiClient, query: ProfileQuery | null): void {
    this.model = null;
    this.flameAnswer = null;
    this.top = null;
    this.sandwichKey = '';
    if (!query) {
      this.flameRequest.cancel();
      this.topRequest.cancel();
      this.flame.setData(null);
      this.flameStatus.idle('Pick a service and a profile type.');
      this.topStatus.idle('Pick a service and a profile type.');
      this.sandwichStatus.idle('');
      return;
    }
    this.flameRequest.run(
      (signal) => api.flameGraph(query, signal),
      (answer) => {
        const t0 = performance.now();
        const model = fromFlamebearer(answer.flamebearer);
        recordDecode('flamegraph', performance.now() - t0, model.count);
        this.unit = answer.window.unit;
        this.flameAnswer = answer;
        if (this.imported) {
          this.model = model.numTicks === 0 ? null : model;
          this.flameStatus.ready();
        } else if (model.numTicks === 0) {
          this.model = null;
          this.flame.setData(null);
          this.flameStatus.empty('No profiles in this selection', 'Pick a wider time range or remove a filter.');
        } else {
          this.model = model;
          this.flame.setData({ model, unit: answer.window.unit, averageOf: answer.window.values === 'average' ? answer.window.averageOf ?? undefined : undefined });
        }
        this.sandwichKey = '';
        this.showSandwich();
      },
      'Merging profiles…',
    );
    this.topRequest.run(
      (signal) => api.top(query, signal),
      (answer) => {
        this.top = answer;
        this.showTop();
        if (answer.rows.length === 0) {
          this.topStatus.empty('No functions in this selection');
        }
      },
    );
  }

  private showTop(): void {
    const state = this.state!;
    const top = this.top;
    if (!top) {
      this.topSummary.textContent = '';
      return;
    }
    const w = top.window;
    const total = w.values === 'average' ? `average total ${formatValue(w.total, w.unit)} (average of ${w.averageOf} snapshots)` : `total ${formatValue(w.total, w.unit)}`;
    this.topSummary.textContent = `${top.rows.length} functions · ${total} · ${w.snapshots} profiles from ${w.series} series`;
    this.topTable.set(top.rows, w.unit, w.total, state.topSort, state.search);
    this.picker.setItems(
      [...top.rows].sort((a, b) => b.cum - a.cum || (a.function < b.function ? -1 : 1)).map((r) => ({ name: r.function, note: `cum ${formatValue(r.cum, w.unit)} (${formatPercent(r.cum / (w.total || 1))})` })),
    );
  }

  private showSandwich(): void {
    const state = this.state!;
    if (state.tab !== 'sandwich') {
      return;
    }
    const key = JSON.stringify([this.dataKey, state.fn, this.model !== null]);
    if (key === this.sandwichKey) {
      return;
    }
    this.sandwichKey = key;
    replaceChildren(this.sandwichTitle, state.fn ? nameText(state.fn) : 'Sandwich view');
    this.sandwichNote.textContent = '';
    if (!state.fn) {
      this.callers.setData(null);
      this.callees.setData(null);
      this.sandwichStatus.idle('Pick a function above (type to search), click a row of the top table, or right-click a frame of the flame graph.');
      return;
    }
    if (!this.model) {
      return;
    }
    const s = sandwich(this.model, state.fn);
    if (!s) {
      this.callers.setData(null);
      this.callees.setData(null);
      this.sandwichStatus.empty('This function is not in the selection', 'It may be cut from the flame graph as a small node; pick another.');
      return;
    }
    this.sandwichStatus.ready();
    const total = this.model.numTicks;
    this.sandwichNote.textContent = `total ${formatValue(s.total, this.unit)} (${formatPercent(s.total / total)}) · self ${formatValue(s.self, this.unit)} (${formatPercent(s.self / total)})`;
    this.callers.setData({ model: s.callers, unit: this.unit });
    this.callees.setData({ model: s.callees, unit: this.unit });
  }
}

function sameSeries(a: ViewState['main'], b: ViewState['main']): boolean {
  return a.service === b.service && JSON.stringify(a.filters) === JSON.stringify(b.filters);
}
