import { describeRange, fromLocalInput, parseTime, QUICK_RANGES, toLocalInput, absolute } from '../state/time';
import { el } from './dom';

/** The range picker: one-click ranges ending now (15m … 30d) and a custom from/to. */
export class TimePicker {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly popover: HTMLElement;
  private readonly fromInput = el('input', { type: 'datetime-local', testid: 'custom-from', 'aria-label': 'From' });
  private readonly toInput = el('input', { type: 'datetime-local', testid: 'custom-to', 'aria-label': 'To' });
  private readonly problem = el('div', { class: 'field-error', role: 'alert' });
  private from = 'now-1h';
  private to = 'now';

  constructor(
    testid: string,
    private readonly onChange: (from: string, to: string) => void,
  ) {
    this.button = el('button', { class: 'btn picker-button', testid: testid + '-button', 'aria-haspopup': 'dialog', on: { click: () => this.toggle() } });
    this.popover = el(
      'div',
      { class: 'popover time-popover', role: 'dialog', 'aria-label': 'Time range' },
      el(
        'div',
        { class: 'quick-ranges' },
        ...QUICK_RANGES.map((r) =>
          el('button', { class: 'btn btn-small', testid: 'range-' + r.label, on: { click: () => this.choose(r.from, 'now') } }, 'Last ' + r.label),
        ),
      ),
      el(
        'form',
        { class: 'custom-range', on: { submit: (e) => (e.preventDefault(), this.applyCustom()) } },
        el('div', { class: 'popover-title' }, 'Custom range'),
        el('label', {}, 'From', this.fromInput),
        el('label', {}, 'To', this.toInput),
        this.problem,
        el('button', { class: 'btn btn-primary', type: 'submit', testid: 'custom-apply' }, 'Apply'),
      ),
    );
    this.popover.hidden = true;
    this.element = el('div', { class: 'time-picker', testid }, this.button, this.popover);
    document.addEventListener('click', (e) => {
      if (!this.element.contains(e.target as Node)) {
        this.popover.hidden = true;
      }
    });
  }

  set(from: string, to: string): void {
    this.from = from;
    this.to = to;
    this.button.textContent = describeRange(from, to) + ' ▾';
    this.button.title = `${from} → ${to}`;
  }

  private toggle(): void {
    this.popover.hidden = !this.popover.hidden;
    if (!this.popover.hidden) {
      const now = Date.now();
      try {
        this.fromInput.value = toLocalInput(parseTime(this.from, now));
        this.toInput.value = toLocalInput(parseTime(this.to, now));
      } catch {
        // leave the inputs empty
      }
      this.problem.textContent = '';
    }
  }

  private choose(from: string, to: string): void {
    this.popover.hidden = true;
    this.onChange(from, to);
  }

  private applyCustom(): void {
    const from = fromLocalInput(this.fromInput.value);
    const to = fromLocalInput(this.toInput.value);
    if (from === null || to === null) {
      this.problem.textContent = 'Enter both times.';
    } else if (from >= to) {
      this.problem.textContent = '“From” must be before “To”.';
    } else {
      this.choose(absolute(from), absolute(to));
    }
  }
}
