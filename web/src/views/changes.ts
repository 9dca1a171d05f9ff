import type { RegressionAnswer, RegressionRow } from '../api/insight-types';
import { formatPercent, formatPoints } from '../model/units';
import type { Store } from '../state/store';
import { toUrl } from '../state/url';
import type { ViewState } from '../state/view-state';
import { el, replaceChildren } from '../ui/dom';
import { sparkline } from '../ui/sparkline';
import { InsightPanel } from './insight-panel';

/**
 * "What changed": GET /api/v1/regressions for the selected window against the same window a week earlier
 * (every service at once when none is chosen). Lists significant regressions and improvements first; each
 * row links to the diff flame graph of that service searched for the function, with a sparkline of its
 * share in both windows.
 */
export class ChangesView {
  private readonly frame: InsightPanel<RegressionAnswer>;
  readonly element: HTMLElement;

  constructor(store: Store) {
    this.frame = new InsightPanel(store, 'changes', () => true);
    this.element = this.frame.element;
  }

  render(state: ViewState): void {
    this.frame.render(state, state.profileType !== '', 'Choose a profile type.', { fleet: state.main.service ? undefined : 'true' },
      (api, params, signal) => api.regressions(params, signal), (answer) => this.show(answer, state));
  }

  private show(answer: RegressionAnswer, state: ViewState): void {
    if (answer.baseline.buckets === 0 || answer.comparison.buckets === 0) {
      this.frame.status.empty('No profiles to compare', 'Both this window and the one a week earlier need data.');
      return;
    }
    const traffic = answer.baseline.totalRate > 0 ? answer.comparison.totalRate / answer.baseline.totalRate - 1 : 0;
    replaceChildren(
      this.frame.verdict,
      el('strong', {}, answer.verdict === 'no significant change' ? 'No significant change' : answer.verdict),
      el(
        'span',
        { class: 'panel-note' },
        ` · ${answer.functionTests} function tests at a false discovery rate of ${formatPercent(answer.alpha)} · ` +
          `${answer.step / 60} min buckets · total ${answer.aggregation === 'sum' ? 'rate' : 'level'} ${traffic >= 0 ? '+' : ''}${formatPercent(traffic)} (traffic)`,
      ),
    );
    // A leaf function's cum equals its flat: show the flat row only.
    const rows = answer.functions.filter(
      (r) =>
        r.metric !== 'cum' ||
        !answer.functions.some(
          (o) => o.metric === 'flat' && o.function === r.function && o.service === r.service && o.baselineShare === r.baselineShare && o.comparisonShare === r.comparisonShare,
        ),
    );
    const table = el(
      'table',
      { class: 'data-table insight-table', testid: 'changes-table' },
      el(
        'thead',
        {},
        el('tr', {}, ...['Function', 'Kind', 'Share before', 'Share now', 'Change', 'Rate change', 'q', 'Share over both windows'].map((h) => el('th', {}, h))),
      ),
      el('tbody', {}, ...rows.map((row) => this.row(row, answer, state))),
    );
    replaceChildren(this.frame.body, table);
  }

  private row(row: RegressionRow, answer: RegressionAnswer, state: ViewState): HTMLElement {
    const service = row.service ?? state.main.service;
    const href = toUrl({
      ...state,
      view: 'compare',
      main: { ...state.main, service, from: answer.comparison.from, to: answer.comparison.to },
      base: { ...state.main, service, from: answer.baseline.from, to: answer.baseline.to },
      search: row.function,
      zoom: [],
    });
    const rateChange = row.baselineRate > 0 ? row.comparisonRate / row.baselineRate - 1 : 0;
    return el(
      'tr',
      { class: 'insight-row ' + row.direction, 'data-direction': row.direction },
      el(
        'td',
        { class: 'fn' },
        row.service ? el('span', { class: 'insight-service' }, row.service + ' · ') : null,
        el('a', { href, class: 'fn-link', testid: 'changes-link', title: 'Open the diff flame graph' }, row.function),
      ),
      el('td', {}, row.metric),
      el('td', { class: 'num' }, formatPercent(row.baselineShare)),
      el('td', { class: 'num' }, formatPercent(row.comparisonShare)),
      el('td', { class: 'num ' + (row.direction === 'regression' ? 'grew' : row.direction === 'improvement' ? 'shrank' : '') }, formatPoints(row.shareChange)),
      el('td', { class: 'num' }, (rateChange >= 0 ? '+' : '') + formatPercent(rateChange)),
      el('td', { class: 'num' }, row.q < 1e-4 ? row.q.toExponential(1) : row.q.toFixed(4)),
      el('td', {}, sparkline([...row.baselineShares, ...row.comparisonShares], row.baselineShares.length)),
    );
  }
}
