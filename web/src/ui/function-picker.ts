import { matcher } from '../model/search';
import { el, replaceChildren } from './dom';
import './flame-tools.css';
import { nameText } from './name-text';

/** A function the picker offers, with the text shown beside it (its cum, say). */
export interface PickerItem {
  name: string;
  note: string;
}

const SHOWN = 12;

/**
 * A searchable function picker: typing filters the functions (text, or /regex/, as the search box),
 * ↑/↓ move, Enter or a click picks. The list keeps the order it is given (heaviest first); it shows the
 * first {@value SHOWN} matches. Names are text only.
 */
export class FunctionPicker {
  readonly element: HTMLElement;
  private readonly input = el('input', { type: 'search', class: 'picker-input', testid: 'function-picker', placeholder: 'Pick a function…', 'aria-label': 'Pick a function' });
  private readonly list = el('ul', { class: 'picker-list', role: 'listbox', testid: 'function-picker-list' });
  private items: readonly PickerItem[] = [];
  private shown: PickerItem[] = [];
  private active = 0;

  constructor(private readonly onPick: (name: string) => void) {
    this.input.setAttribute('role', 'combobox');
    this.input.setAttribute('aria-autocomplete', 'list');
    this.list.hidden = true;
    this.input.addEventListener('focus', () => this.open());
    this.input.addEventListener('input', () => this.open());
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('blur', () => setTimeout(() => (this.list.hidden = true), 150));
    this.element = el('div', { class: 'picker' }, this.input, this.list);
  }

  setItems(items: readonly PickerItem[]): void {
    this.items = items;
    if (!this.list.hidden) {
      this.open();
    }
  }

  private open(): void {
    const query = this.input.value.trim();
    const test = query ? matcher(query) : null;
    this.shown = [];
    for (const item of this.items) {
      if (!test || test(item.name)) {
        this.shown.push(item);
        if (this.shown.length === SHOWN) {
          break;
        }
      }
    }
    this.active = 0;
    this.list.hidden = false;
    this.paint();
  }

  private paint(): void {
    if (this.shown.length === 0) {
      replaceChildren(this.list, el('li', { class: 'picker-empty' }, this.items.length === 0 ? 'No functions loaded yet' : 'No function matches'));
      return;
    }
    replaceChildren(
      this.list,
      ...this.shown.map((item, i) => {
        const li = el(
          'li',
          { class: 'picker-item' + (i === this.active ? ' active' : ''), role: 'option', 'aria-selected': String(i === this.active) },
          el('span', { class: 'picker-name' }, nameText(item.name)),
          el('span', { class: 'picker-note' }, item.note),
        );
        // mousedown, not click: it runs before the input's blur hides the list
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          this.pick(item.name);
        });
        return li;
      }),
    );
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (this.shown.length > 0) {
        this.active = (this.active + (e.key === 'ArrowDown' ? 1 : this.shown.length - 1)) % this.shown.length;
        this.paint();
      }
    } else if (e.key === 'Enter') {
      const item = this.shown[this.active];
      if (item) {
        this.pick(item.name);
      }
    } else if (e.key === 'Escape') {
      this.list.hidden = true;
    }
  }

  private pick(name: string): void {
    this.input.value = '';
    this.list.hidden = true;
    this.input.blur();
    this.onPick(name);
  }
}
