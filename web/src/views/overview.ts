import { ApiClient } from '../api/client';
import type { OverviewAnswer, OverviewSparkline, ServiceOverview } from '../api/overview-types';
import { formatPercent, formatValue } from '../model/units';
import type { Store } from '../state/store';
import { toUrl } from '../state/url';
import type { ViewState } from '../state/view-state';
import { el, replaceChildren, setOptions } from '../ui/dom';
import { Latest } from '../ui/request';
import { sparkline } from '../ui/sparkline';
import { StatusOverlay } from '../ui/status';

/** The sparkline columns: a sample type and its heading. */
const COLUMNS: readonly [string, string][] = [
  ['cpu', 'CPU'],
  ['inuse_space', 'Heap in use'],
  ['goroutine', 'Goroutines'],
];

const RANGES: readonly { value: string; label: string }[] = [
  { value: 'now-15m', label: 'Last 15 minutes' },
  { value: 'now-1h', label: 'Last hour' },
  { value: 'now-6h', label: 'Last 6 hours' },
  { value: 'now-24h', label: 'Last 24 hours' },
  { value: 'now-7d', label: 'Last 7 days' },
];

/** Services listed at most; the API's limit is 200. */
const LIMIT = 200;

/**
 * The home page (/): GET /api/v1/overview, every service of the tenant with a sparkline per main type and its
 * top function, costliest (most CPU) first. The search box narrows the list by name (the URL's {@code search});
 * a service, sparkline or function opens Explore.
 */
export class OverviewView {
  readonly element: HTMLElement;
  private readonly search = el('input', { type: 'search', class: 'search-input', testid: 'overview-search', placeholder: 'Search services', 'aria-label': 'Search services' });
  private readonly range = el('select', { testid: 'overview-range', 'aria-label': 'Range' });
  private readonly note = el('div', { class: 'insight-verdict', testid: 'overview-note' });
  private readonly body = el('div', { class: 'insight-body' });
  private readonly status: StatusOverlay;
  private readonly request: Latest<OverviewAnswer>;
  private answer: OverviewAnswer | null = null;
  private lastKey = '';
  private shown = '';

  constructor(private readonly store: Store) {
    this.search.addEventListener('input', () => this.store.update({ search: this.search.value }, 'replace'));
    this.range.addEventListener('change', () => this.store.update((s) => ({ main: { ...s.main, from: this.range.value, to: 'now' } })));
    const bar = el(
      'div',
      { class: 'toolbar insight-bar' },
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Search'), this.search),
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Range'), this.range),
    );
    const panel = el('section', { class: 'panel insight-panel', testid: 'overview-panel' }, this.note, this.body);
    this.status = new StatusOverlay(panel);
    this.request = new Latest(this.status);
    this.element = el('main', { class: 'view overview-view', testid: 'view-overview' }, bar, panel);
  }

  render(state: ViewState): void {
    if (document.activeElement !== this.search) {
      this.search.value = state.search;
    }
    const known = RANGES.some((r) => r.value === state.main.from) && state.main.to === 'now';
    setOptions(this.range, known ? RANGES : [{ value: '', label: 'Custom' }, ...RANGES], known ? state.main.from : '');
    const key = state.tenant + '|' + state.main.from + '|' + state.main.to;
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.answer = null;
      this.shown = '';
      const api = new ApiClient(state.tenant);
      this.request.run((signal) => api.overview(state.main.from, state.main.to, LIMIT, signal), (answer) => {
        this.answer = answer;
        this.show(this.store.state);
      });
      return;
    }
    this.show(state);
  }

  private show(state: ViewState): void {
    const answer = this.answer;
    if (!answer) {
      return;
    }
    const shownKey = state.search + '|' + state.tenant;
    if (shownKey === this.shown) {
      return;
    }
    this.shown = shownKey;
    if (answer.services.length === 0) {
      replaceChildren(this.body);
      replaceChildren(this.note);
      this.status.empty('No services have data in this range', 'Pick a longer range, or push a profile (README, "Push a first profile").');
      return;
    }
    const needle = state.search.trim().toLowerCase();
    const rows = answer.services.filter((s) => s.name.toLowerCase().includes(needle));
    const totalCost = answer.services.reduce((sum, s) => sum + (s.cost ?? 0), 0);
    replaceChildren(
      this.note,
      el('strong', {}, needle ? `${rows.length} of ${answer.services.length} services match` : `${answer.services.length} services`),
      el(
        'span',
        { class: 'panel-note' },
        (answer.total > answer.services.length ? ` (the ${answer.services.length} costliest of ${answer.total})` : '') +
          ' · most CPU first · CPU share: of all listed services\' CPU in the range · sparklines: each service\'s timeline, scaled to its own range',
      ),
    );
    const table = el(
      'table',
      { class: 'data-table insight-table overview-table', testid: 'overview-table' },
      el('thead', {}, el('tr', {}, ...['Service', 'CPU share', ...COLUMNS.map(([, h]) => h), 'Top function'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...rows.map((s) => this.row(s, totalCost, state))),
    );
    replaceChildren(this.body, rows.length > 0 ? table : el('p', { class: 'panel-note', testid: 'overview-none' }, 'No service name contains “' + state.search.trim() + '”.'));
  }

  private row(s: ServiceOverview, totalCost: number, state: ViewState): HTMLElement {
    const explore = (profileType: string, search = ''): string =>
      toUrl({ ...state, view: 'explore', profileType, main: { ...state.main, service: s.name, filters: [] }, search, zoom: [], tab: 'both', fn: '' });
    const mainType = s.topType ?? s.profileTypes[0] ?? '';
    return el(
      'tr',
      { class: 'insight-row', 'data-service': s.name },
      el('td', { class: 'fn' }, el('a', { href: explore(mainType), class: 'fn-link', testid: 'overview-service' }, s.name)),
      el('td', { class: 'num', testid: 'overview-cost' }, s.cost === null ? '–' : formatPercent(totalCost > 0 ? s.cost / totalCost : 0)),
      ...COLUMNS.map(([sampleType]) => {
        const line = s.sparklines.find((l) => l.sampleType === sampleType);
        return el('td', { 'data-type': sampleType }, line ? el('a', { href: explore(line.profileType), title: describe(line) }, sparkline(numbers(line), 0, 140, 28)) : '–');
      }),
      el(
        'td',
        { class: 'fn' },
        s.topFunction && s.topType
          ? el('a', { href: explore(s.topType, s.topFunction), class: 'fn-link', testid: 'overview-top' }, s.topFunction)
          : '–',
      ),
    );
  }
}

function numbers(line: OverviewSparkline): number[] {
  return line.values.filter((v): v is number => v !== null);
}

/** The sparkline's last value, for its tooltip. */
function describe(line: OverviewSparkline): string {
  const values = numbers(line);
  const last = values[values.length - 1];
  return last === undefined ? 'no data' : `last ${line.step} s step: ${formatValue(last, line.unit)}`;
}
