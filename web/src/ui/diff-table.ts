import type { DiffRow } from '../api/types';
import { matcher } from '../model/search';
import { formatChange, formatPercent, formatPoints, formatValue } from '../model/units';
import type { DiffMode, Sort } from '../state/view-state';
import { DataTable } from './data-table';

/**
 * The diff's top table: each function's flat and cum on both sides and the change. The change columns sort by
 * the size of the change (|Δ|, largest first when descending), so a large decrease ranks with a large increase.
 */
export class DiffTable {
  private readonly table: DataTable<DiffRow>;
  private unit = 'count';
  private leftTotal = 1;
  private rightTotal = 1;
  private mode: Exclude<DiffMode, 'auto'> = 'relative';

  constructor(onSort: (sort: Sort) => void) {
    const v = (side: 'l' | 'r', value: number): string =>
      this.mode === 'relative' ? formatPercent(value / (side === 'l' ? this.leftTotal : this.rightTotal)) : formatValue(value, this.unit);
    const change = (r: DiffRow, cum: boolean): number => {
      const l = cum ? r.leftCum : r.leftFlat;
      const rt = cum ? r.rightCum : r.rightFlat;
      return this.mode === 'relative' ? rt / this.rightTotal - l / this.leftTotal : rt - l;
    };
    const changeText = (x: number): string => (this.mode === 'relative' ? formatPoints(x) : formatChange(x, this.unit));
    const changeClass = (x: number): string => (x > 0 ? 'grew' : x < 0 ? 'shrank' : '');
    this.table = new DataTable<DiffRow>({
      testid: 'diff-table',
      onSort,
      tiebreak: (a, b) => Math.abs(change(b, true)) - Math.abs(change(a, true)) || (a.function < b.function ? -1 : 1),
      columns: [
        { key: 'function', label: 'Function', value: (r) => r.function, text: (r) => r.function, cellClass: () => 'fn', name: true },
        { key: 'lflat', label: 'Baseline flat', numeric: true, value: (r) => r.leftFlat, text: (r) => v('l', r.leftFlat) },
        { key: 'rflat', label: 'Comparison flat', numeric: true, value: (r) => r.rightFlat, text: (r) => v('r', r.rightFlat) },
        {
          key: 'change',
          label: 'Δ flat',
          title: 'Comparison minus baseline (shares in percentage points, or absolute); sorted by its size',
          numeric: true,
          value: (r) => Math.abs(change(r, false)),
          text: (r) => changeText(change(r, false)),
          cellClass: (r) => changeClass(change(r, false)),
        },
        { key: 'lcum', label: 'Baseline cum', numeric: true, value: (r) => r.leftCum, text: (r) => v('l', r.leftCum) },
        { key: 'rcum', label: 'Comparison cum', numeric: true, value: (r) => r.rightCum, text: (r) => v('r', r.rightCum) },
        {
          key: 'cumChange',
          label: 'Δ cum',
          title: 'Comparison minus baseline; sorted by its size',
          numeric: true,
          value: (r) => Math.abs(change(r, true)),
          text: (r) => changeText(change(r, true)),
          cellClass: (r) => changeClass(change(r, true)),
        },
      ],
    });
  }

  get element(): HTMLElement {
    return this.table.element;
  }

  set(rows: readonly DiffRow[], unit: string, leftTotal: number, rightTotal: number, mode: Exclude<DiffMode, 'auto'>, sort: Sort, search: string): void {
    this.unit = unit;
    this.leftTotal = leftTotal || 1;
    this.rightTotal = rightTotal || 1;
    this.mode = mode;
    const test = search.trim() ? matcher(search) : null;
    this.table.set(test ? rows.filter((r) => test(r.function)) : rows, sort);
  }
}
