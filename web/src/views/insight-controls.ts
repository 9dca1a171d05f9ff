import type { ApiClient } from '../api/client';
import type { Store } from '../state/store';
import type { ViewState } from '../state/view-state';
import { el } from '../ui/dom';

/** The ranges the insight views offer; a window from the URL that is none of these shows as "custom". */
const RANGES: readonly [string, string][] = [
  ['now-1h', 'Last hour'],
  ['now-6h', 'Last 6 hours'],
  ['now-24h', 'Last 24 hours'],
  ['now-7d', 'Last 7 days'],
];

/**
 * The toolbar of "What changed" and "Growth": service (or every service), profile type and range, written
 * into the shared state. {@code types} narrows the profile types offered.
 */
export class InsightControls {
  readonly element: HTMLElement;
  private readonly service = el('select', { testid: 'insight-service', 'aria-label': 'Service' });
  private readonly type = el('select', { testid: 'insight-type', 'aria-label': 'Profile type' });
  private readonly range = el('select', { testid: 'insight-range', 'aria-label': 'Range' });
  private loadedFor = '';

  constructor(
    private readonly store: Store,
    private readonly allServicesLabel: string,
    private readonly types: (type: string) => boolean,
  ) {
    this.service.addEventListener('change', () => this.store.update((s) => ({ main: { ...s.main, service: this.service.value } })));
    this.type.addEventListener('change', () => this.store.update({ profileType: this.type.value }));
    this.range.addEventListener('change', () => {
      if (this.range.value) {
        this.store.update((s) => ({ main: { ...s.main, from: this.range.value, to: 'now' } }));
      }
    });
    this.element = el(
      'div',
      { class: 'toolbar insight-bar' },
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Service'), this.service),
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Profile type'), this.type),
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Range'), this.range),
    );
  }

  /** Refreshes the options from the catalog (once per tenant and window) and shows the state's choices. */
  render(state: ViewState, api: ApiClient): void {
    const key = state.tenant + '|' + state.main.from + '|' + state.main.to;
    if (key !== this.loadedFor) {
      this.loadedFor = key;
      const from = state.main.from.startsWith('now') ? 'now-30d' : state.main.from;
      api.services(from, state.main.to === 'now' ? 'now' : state.main.to).then(
        (answer) => {
          const types = new Set<string>();
          answer.services.forEach((s) => s.profileTypes.filter(this.types).forEach((t) => types.add(t)));
          this.fill(this.service, [['', this.allServicesLabel], ...answer.services.map((s): [string, string] => [s.name, s.name])], state.main.service);
          this.fill(this.type, [...types].sort().map((t): [string, string] => [t, t]), state.profileType);
        },
        () => undefined,
      );
    }
    this.service.value = state.main.service;
    this.type.value = state.profileType;
    const known = RANGES.some(([value]) => value === state.main.from) && state.main.to === 'now';
    this.fill(this.range, known ? [...RANGES] : [['', 'Custom'], ...RANGES], known ? state.main.from : '');
  }

  private fill(select: HTMLSelectElement, options: [string, string][], value: string): void {
    if (value && !options.some(([v]) => v === value)) {
      options.push([value, value]);
    }
    select.replaceChildren(...options.map(([v, label]) => el('option', { value: v }, label)));
    select.value = value;
  }
}
