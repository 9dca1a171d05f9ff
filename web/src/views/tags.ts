import { ApiClient } from '../api/client';
import type { TimelineAnswer } from '../api/types';
import { tagRows, type TagRow } from '../model/tag-stats';
import { formatPercent } from '../model/units';
import { formatTimelineValue, meaningOf } from '../model/timeline-units';
import { buildSelector } from '../state/selector';
import type { Store } from '../state/store';
import { parseTime } from '../state/time';
import { toUrl } from '../state/url';
import type { ViewState } from '../state/view-state';
import { el, replaceChildren, setOptions } from '../ui/dom';
import { GroupChart, swatch } from '../ui/group-chart';
import { Latest } from '../ui/request';
import { StatusOverlay } from '../ui/status';
import { InsightControls } from './insight-controls';

/**
 * Tag explorer (/tags): pick a label; GET /api/v1/timeline?groupBy=LABEL draws one line per value, and a table
 * gives each value's share of the window and its change from the first half of the window to the second.
 * A value links to Explore with that label filter added.
 */
export class TagsView {
  readonly element: HTMLElement;
  private readonly controls: InsightControls;
  private readonly label = el('select', { testid: 'tag-label', 'aria-label': 'Label' });
  private readonly note = el('div', { class: 'insight-verdict', testid: 'tags-note' });
  private readonly chart = new GroupChart('tag-chart');
  private readonly table = el('div', { class: 'insight-body' });
  private readonly status: StatusOverlay;
  private readonly request: Latest<TimelineAnswer>;
  private namesFor = '';
  private lastKey = '';

  constructor(private readonly store: Store) {
    this.controls = new InsightControls(store, 'All services', () => true);
    this.label.addEventListener('change', () => this.store.update({ groupBy: this.label.value }));
    this.controls.element.append(el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Label'), this.label));
    const panel = el('section', { class: 'panel insight-panel', testid: 'tags-panel' }, this.note, this.chart.element, this.table);
    this.status = new StatusOverlay(panel);
    this.request = new Latest(this.status);
    this.element = el('main', { class: 'view tags-view', testid: 'view-tags' }, this.controls.element, panel);
  }

  render(state: ViewState): void {
    const api = new ApiClient(state.tenant);
    this.controls.render(state, api);
    const selector = buildSelector(state.main.service, state.main.filters);
    this.loadNames(state, api, selector);
    if (!state.profileType || !state.groupBy) {
      this.lastKey = '';
      this.chart.clear();
      replaceChildren(this.table);
      replaceChildren(this.note);
      this.status.idle(state.profileType ? 'Choose a label to compare its values.' : 'Choose a profile type.');
      return;
    }
    const q = { profileType: state.profileType, query: selector, from: state.main.from, to: state.main.to };
    const key = state.tenant + JSON.stringify(q) + state.groupBy;
    if (key === this.lastKey) {
      return;
    }
    this.lastKey = key;
    const now = Date.now();
    const fromMs = parseTime(state.main.from, now);
    const toMs = parseTime(state.main.to, now);
    this.request.run((signal) => api.groupedTimeline(q, state.groupBy, signal), (answer) => this.show(answer, state, fromMs, toMs));
  }

  /** The label names of the selection, refreshed when the type, selector or window change. */
  private loadNames(state: ViewState, api: ApiClient, selector: string): void {
    const key = [state.tenant, state.profileType, selector, state.main.from, state.main.to].join('|');
    if (key !== this.namesFor) {
      this.namesFor = key;
      api.labelNames(state.profileType, selector, state.main.from, state.main.to).then(
        (answer) => this.fillLabels(answer.names, this.store.state.groupBy),
        () => this.fillLabels([], this.store.state.groupBy),
      );
    }
    this.label.value = state.groupBy;
  }

  private fillLabels(names: string[], value: string): void {
    const options = [{ value: '', label: 'Choose…' }, ...names.map((n) => ({ value: n, label: n }))];
    if (value && !names.includes(value)) {
      options.push({ value, label: value });
    }
    setOptions(this.label, options, value);
  }

  private show(answer: TimelineAnswer, state: ViewState, fromMs: number, toMs: number): void {
    const rows = tagRows(answer);
    if (rows.length === 0 || rows.every((r) => r.area === 0)) {
      this.chart.clear();
      replaceChildren(this.table);
      this.status.empty('No profiles in this selection', 'Pick another label, service or range.');
      return;
    }
    const order = rows.map((r) => r.value);
    replaceChildren(
      this.note,
      el('strong', {}, `${rows.length} value${rows.length === 1 ? '' : 's'} of ${answer.groupBy ?? ''}`),
      el(
        'span',
        { class: 'panel-note' },
        ` · one line per value, ${answer.step} s steps · share: of the sum of every line over the window · ` +
          'change: mean of the second half of the window against the first half · click a value to filter Explore by it',
      ),
    );
    this.chart.setData(answer, order, fromMs, toMs);
    const table = el(
      'table',
      { class: 'data-table insight-table', testid: 'tags-table' },
      el('thead', {}, el('tr', {}, ...['Value', 'Share', 'Mean, first half', 'Mean, second half', 'Change'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...rows.map((row, i) => this.row(row, i, answer, state))),
    );
    replaceChildren(this.table, table);
  }

  private row(row: TagRow, index: number, answer: TimelineAnswer, state: ViewState): HTMLElement {
    const name = answer.groupBy ?? '';
    const target: ViewState = {
      ...state,
      view: 'explore',
      main: { ...state.main, filters: [...state.main.filters.filter((f) => f.name !== name), { name, op: '=', value: row.value }] },
      zoom: [],
    };
    const href = toUrl(target);
    const meaning = meaningOf(answer);
    const mean = (v: number | null): string => (v === null ? '–' : formatTimelineValue(v, meaning));
    return el(
      'tr',
      { class: 'insight-row', 'data-value': row.value },
      el(
        'td',
        { class: 'fn' },
        swatch(index),
        el('a', { href, class: 'fn-link', testid: 'tag-value', title: `Explore with ${name}="${row.value}"`, on: { click: (e) => this.open(e, target) } },
          row.value === '' ? '(no value)' : row.value),
      ),
      el('td', { class: 'num', testid: 'tag-share' }, formatPercent(row.share)),
      el('td', { class: 'num' }, mean(row.firstMean)),
      el('td', { class: 'num' }, mean(row.secondMean)),
      el('td', { class: 'num', testid: 'tag-change' }, row.change === null ? '–' : (row.change >= 0 ? '+' : '') + formatPercent(row.change)),
    );
  }

  /** Follows a value's link inside the app (history entry, no reload); modified clicks open it as the browser does. */
  private open(e: MouseEvent, target: ViewState): void {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) {
      return;
    }
    e.preventDefault();
    this.store.update(target);
  }
}
