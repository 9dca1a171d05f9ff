import type { GrowthRow, LeakAnswer } from '../api/insight-types';
import { isAveraged } from '../model/diff-mode';
import { formatValue } from '../model/units';
import type { Store } from '../state/store';
import type { ViewState } from '../state/view-state';
import { el, replaceChildren } from '../ui/dom';
import { sparkline } from '../ui/sparkline';
import { InsightPanel } from './insight-panel';

/** "Growth": GET /api/v1/leaks over the selected window; functions and stacks that grow, by growth per hour. */
export class GrowthView {
  private readonly frame: InsightPanel<LeakAnswer>;
  readonly element: HTMLElement;

  constructor(store: Store) {
    this.frame = new InsightPanel(store, 'growth', isAveraged);
    this.element = this.frame.element;
  }

  render(state: ViewState): void {
    this.frame.render(state, isAveraged(state.profileType), 'Choose an in-use memory or goroutine profile type.', {},
      (api, params, signal) => api.leaks(params, signal), (answer) => this.show(answer));
  }

  private show(answer: LeakAnswer): void {
    if (answer.buckets === 0) {
      this.frame.status.empty('No profiles in this selection');
      return;
    }
    replaceChildren(
      this.frame.verdict,
      el('strong', {}, answer.verdict === 'no significant growth' ? 'No significant growth' : answer.verdict),
      el('span', { class: 'panel-note' }, ` · ${answer.series} series · ${answer.buckets} buckets of ${answer.step / 60} min`),
    );
    const table = (rows: GrowthRow[], testid: string, label: (row: GrowthRow) => string): HTMLElement =>
      el(
        'table',
        { class: 'data-table insight-table', testid },
        el('thead', {}, el('tr', {}, ...['Function', 'Growth per hour', 'Mean level', 'q', 'Processes', 'Over the window'].map((h) => el('th', {}, h)))),
        el(
          'tbody',
          {},
          ...rows.map((row) =>
            el(
              'tr',
              { class: 'insight-row ' + (row.significant ? 'regression' : 'none') },
              el('td', { class: 'fn', title: row.stack.join(' → ') }, label(row)),
              el('td', { class: 'num ' + (row.significant ? 'grew' : '') }, '+' + formatValue(row.growthPerHour, answer.unit)),
              el('td', { class: 'num' }, formatValue(row.meanLevel, answer.unit)),
              el('td', { class: 'num' }, row.q < 1e-4 ? row.q.toExponential(1) : row.q.toFixed(4)),
              el('td', { class: 'num' }, row.segments),
              el('td', {}, sparkline(row.values)),
            ),
          ),
        ),
      );
    replaceChildren(
      this.frame.body,
      table(answer.functions, 'growth-table', (row) => row.function),
      el('h3', { class: 'insight-subtitle' }, 'Stacks'),
      table(answer.stacks.slice(0, 10), 'growth-stacks', (row) => row.stack.slice(-3).reverse().join(' ← ')),
    );
  }
}
