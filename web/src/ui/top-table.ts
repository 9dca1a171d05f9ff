import type { TopRow } from '../api/types';
import { matcher } from '../model/search';
import { formatPercent, formatValue } from '../model/units';
import type { Sort } from '../state/view-state';
import { DataTable } from './data-table';

/** The `go tool pprof -top` table: flat and cum per function, sortable, filtered by the search. */
export class TopTable {
  private readonly table: DataTable<TopRow>;
  private unit = 'count';
  private total = 1;

  constructor(onSort: (sort: Sort) => void, onFunction: (fn: string) => void) {
    this.table = new DataTable<TopRow>({
      testid: 'top-table',
      onSort,
      tiebreak: (a, b) => b.cum - a.cum || (a.function < b.function ? -1 : 1),
      onRowClick: (row) => onFunction(row.function),
      rowTitle: 'Open in the sandwich view',
      columns: [
        { key: 'function', label: 'Function', value: (r) => r.function, text: (r) => r.function, cellClass: () => 'fn', name: true },
        { key: 'flat', label: 'Flat', numeric: true, title: 'Time or value in the function itself', value: (r) => r.flat, text: (r) => formatValue(r.flat, this.unit) },
        { key: 'flatPercent', label: 'Flat%', numeric: true, value: (r) => r.flat, text: (r) => formatPercent(r.flat / this.total) },
        { key: 'cum', label: 'Cum', numeric: true, title: 'The function and everything it calls', value: (r) => r.cum, text: (r) => formatValue(r.cum, this.unit) },
        { key: 'cumPercent', label: 'Cum%', numeric: true, value: (r) => r.cum, text: (r) => formatPercent(r.cum / this.total) },
      ],
    });
  }

  get element(): HTMLElement {
    return this.table.element;
  }

  set(rows: readonly TopRow[], unit: string, total: number, sort: Sort, search: string): void {
    this.unit = unit;
    this.total = total || 1;
    const test = search.trim() ? matcher(search) : null;
    this.table.set(test ? rows.filter((r) => test(r.function)) : rows, sort);
  }
}
