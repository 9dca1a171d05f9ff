import { el } from './dom';

/** A search field that reports as you type (debounced); Esc clears it. */
export class SearchBox {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private timer = 0;

  constructor(testid: string, onChange: (text: string) => void, placeholder = 'Search functions (text or /regex/)') {
    this.input = el('input', { type: 'search', testid, placeholder, 'aria-label': 'Search functions' });
    this.input.addEventListener('input', () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => onChange(this.input.value), 150);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.input.value) {
        this.input.value = '';
        onChange('');
      }
    });
    this.element = el('div', { class: 'search-box' }, this.input);
  }

  set(text: string): void {
    if (document.activeElement !== this.input && this.input.value !== text) {
      this.input.value = text;
    }
  }
}
