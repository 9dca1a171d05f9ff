import { formatFilter, MATCH_OPS, SERVICE_LABEL, type LabelFilter, type MatchOp } from '../state/selector';
import { el, replaceChildren, setOptions } from './dom';

export interface FilterSource {
  labelNames(signal: AbortSignal): Promise<string[]>;
  labelValues(name: string, signal: AbortSignal): Promise<string[]>;
}

/** Label filters as removable chips, and an "add filter" form whose names and values come from the catalog. */
export class FilterEditor {
  readonly element: HTMLElement;
  private readonly chips = el('div', { class: 'chips' });
  private readonly popover: HTMLElement;
  private readonly nameSelect = el('select', { testid: 'filter-name', 'aria-label': 'Label' });
  private readonly opSelect = el('select', { testid: 'filter-op', 'aria-label': 'Operator' });
  private readonly valueInput = el('input', { testid: 'filter-value', 'aria-label': 'Value', placeholder: 'value or regex' });
  private readonly valueList = el('datalist');
  private readonly hint = el('div', { class: 'status-hint' });
  private filters: LabelFilter[] = [];
  private controller: AbortController | null = null;

  constructor(
    testid: string,
    private readonly source: FilterSource,
    private readonly onChange: (filters: LabelFilter[]) => void,
  ) {
    const listId = testid + '-values';
    this.valueList.id = listId;
    this.valueInput.setAttribute('list', listId);
    setOptions(
      this.opSelect,
      MATCH_OPS.map((op) => ({ value: op, label: op })),
      '=',
    );
    this.nameSelect.addEventListener('change', () => this.loadValues());
    this.popover = el(
      'form',
      { class: 'popover filter-popover', on: { submit: (e) => (e.preventDefault(), this.add()) } },
      el('div', { class: 'popover-title' }, 'Add a label filter'),
      el('div', { class: 'filter-row' }, this.nameSelect, this.opSelect, this.valueInput, this.valueList),
      this.hint,
      el('button', { class: 'btn btn-primary', type: 'submit', testid: 'filter-add' }, 'Add'),
    );
    this.popover.hidden = true;
    const addButton = el('button', { class: 'btn btn-small', testid: testid + '-add', on: { click: () => this.open() } }, '+ Filter');
    this.element = el('div', { class: 'filter-editor', testid }, this.chips, addButton, this.popover);
    document.addEventListener('click', (e) => {
      if (!this.element.contains(e.target as Node)) {
        this.popover.hidden = true;
      }
    });
  }

  set(filters: LabelFilter[]): void {
    this.filters = filters;
    replaceChildren(
      this.chips,
      ...filters.map((f, i) =>
        el(
          'span',
          { class: 'chip', testid: 'filter-chip' },
          el('span', {}, formatFilter(f)),
          el('button', { class: 'chip-remove', title: 'Remove filter', 'aria-label': 'Remove ' + formatFilter(f), on: { click: () => this.remove(i) } }, '×'),
        ),
      ),
    );
  }

  private open(): void {
    this.popover.hidden = !this.popover.hidden;
    if (this.popover.hidden) {
      return;
    }
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.hint.textContent = 'Loading label names…';
    this.source.labelNames(controller.signal).then(
      (names) => {
        const usable = names.filter((n) => n !== SERVICE_LABEL);
        setOptions(
          this.nameSelect,
          usable.map((n) => ({ value: n, label: n })),
          this.nameSelect.value,
        );
        this.hint.textContent = usable.length === 0 ? 'No other labels on these series.' : '';
        this.loadValues();
      },
      (e: unknown) => {
        if (!controller.signal.aborted) {
          this.hint.textContent = 'Could not load labels: ' + (e instanceof Error ? e.message : String(e));
        }
      },
    );
  }

  private loadValues(): void {
    const name = this.nameSelect.value;
    if (!name) {
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.source.labelValues(name, controller.signal).then(
      (values) => replaceChildren(this.valueList, ...values.map((v) => el('option', { value: v }))),
      () => replaceChildren(this.valueList),
    );
  }

  private add(): void {
    const name = this.nameSelect.value;
    if (!name) {
      return;
    }
    this.popover.hidden = true;
    this.onChange([...this.filters, { name, op: this.opSelect.value as MatchOp, value: this.valueInput.value }]);
    this.valueInput.value = '';
  }

  private remove(index: number): void {
    this.onChange(this.filters.filter((_, i) => i !== index));
  }
}
