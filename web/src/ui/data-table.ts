import type { Sort } from '../state/view-state';
import { el, replaceChildren } from './dom';
import { nameText } from './name-text';

export interface Column<R> {
  key: string;
  label: string;
  title?: string;
  numeric?: boolean;
  /** Sort value. */
  value: (row: R) => number | string;
  /** Cell text (textContent). */
  text: (row: R) => string;
  cellClass?: (row: R) => string;
  /** The cell's text is a function name: it wraps only between its parts (see name-text.ts). */
  name?: boolean;
}

export interface DataTableOptions<R> {
  testid: string;
  columns: Column<R>[];
  onSort: (sort: Sort) => void;
  onRowClick?: (row: R) => void;
  rowTitle?: string;
  /** Rows rendered at most; the rest is counted in the footer. */
  limit?: number;
  /** Orders rows the sort column finds equal. */
  tiebreak?: (a: R, b: R) => number;
}

/** A sortable table of plain text cells; sort state comes from outside (the URL). */
export class DataTable<R> {
  readonly element: HTMLElement;
  private readonly head = el('thead');
  private readonly bodyEl = el('tbody');
  private readonly footer = el('div', { class: 'table-footer' });

  constructor(private readonly options: DataTableOptions<R>) {
    this.element = el(
      'div',
      { class: 'table-scroll' },
      el('table', { class: 'data-table', testid: options.testid }, this.head, this.bodyEl),
      this.footer,
    );
  }

  set(rows: readonly R[], sort: Sort): void {
    const column = this.options.columns.find((c) => c.key === sort.key) ?? this.options.columns[0]!;
    const dir = sort.dir === 'asc' ? 1 : -1;
    const tiebreak = this.options.tiebreak;
    const sorted = [...rows].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      return (x < y ? -1 : x > y ? 1 : 0) * dir || (tiebreak ? tiebreak(a, b) : 0);
    });
    replaceChildren(
      this.head,
      el(
        'tr',
        {},
        ...this.options.columns.map((c) => {
          const active = c.key === column.key;
          const th = el(
            'th',
            { class: (c.numeric ? 'num ' : '') + (active ? 'sorted' : ''), title: c.title ?? 'Sort by ' + c.label, 'aria-sort': active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none' },
            el(
              'button',
              {
                class: 'th-button',
                on: { click: () => this.options.onSort({ key: c.key, dir: active && sort.dir === 'desc' ? 'asc' : 'desc' }) },
              },
              c.label + (active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''),
            ),
          );
          return th;
        }),
      ),
    );
    const limit = this.options.limit ?? 400;
    const shown = sorted.slice(0, limit);
    const click = this.options.onRowClick;
    replaceChildren(
      this.bodyEl,
      ...shown.map((row) =>
        el(
          'tr',
          click ? { class: 'clickable', title: this.options.rowTitle ?? '', on: { click: () => click(row) } } : {},
          ...this.options.columns.map((c) => el('td', { class: (c.numeric ? 'num ' : '') + (c.cellClass?.(row) ?? '') }, c.name ? nameText(c.text(row)) : c.text(row))),
        ),
      ),
    );
    this.footer.textContent = sorted.length > limit ? `Showing ${limit} of ${sorted.length} rows; search to narrow them down.` : '';
  }
}
