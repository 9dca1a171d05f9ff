import { ApiClient, type Params } from '../api/client';
import type { Store } from '../state/store';
import type { ViewState } from '../state/view-state';
import { el } from '../ui/dom';
import { Latest } from '../ui/request';
import { StatusOverlay } from '../ui/status';
import { InsightControls } from './insight-controls';

/**
 * The frame shared by "What changed" and "Growth": the controls, a panel with a verdict line and a body, and
 * one request at a time, re-run only when the request's parameters change. {@code name} prefixes the test ids
 * ({@code <name>-panel}, {@code <name>-verdict}, {@code view-<name>}).
 */
export class InsightPanel<T> {
  readonly element: HTMLElement;
  readonly verdict: HTMLElement;
  readonly body = el('div', { class: 'insight-body' });
  readonly status: StatusOverlay;
  private readonly controls: InsightControls;
  private readonly request: Latest<T>;
  private lastKey = '';

  constructor(store: Store, name: string, types: (type: string) => boolean) {
    this.controls = new InsightControls(store, 'All services', types);
    this.verdict = el('div', { class: 'insight-verdict', testid: name + '-verdict' });
    const panel = el('section', { class: 'panel insight-panel', testid: name + '-panel' }, this.verdict, this.body);
    this.status = new StatusOverlay(panel);
    this.request = new Latest(this.status);
    this.element = el('main', { class: 'view ' + name + '-view', testid: 'view-' + name }, this.controls.element, panel);
  }

  /**
   * Refreshes the controls; then, unless the state lacks a usable type ({@code idleMessage} is shown), asks
   * {@code fetch} for the selection (the service as a selector, the range) plus {@code extra}.
   */
  render(state: ViewState, usable: boolean, idleMessage: string, extra: Params,
         fetch: (api: ApiClient, params: Params, signal: AbortSignal) => Promise<T>, show: (answer: T) => void): void {
    const api = new ApiClient(state.tenant);
    this.controls.render(state, api);
    if (!usable) {
      this.lastKey = '';
      this.status.idle(idleMessage);
      return;
    }
    const params: Params = {
      profileType: state.profileType,
      query: state.main.service ? `{service_name="${state.main.service.replace(/["\\]/g, '\\$&')}"}` : undefined,
      from: state.main.from,
      to: state.main.to,
      ...extra,
    };
    const key = state.tenant + JSON.stringify(params);
    if (key === this.lastKey) {
      return;
    }
    this.lastKey = key;
    this.request.run((signal) => fetch(api, params, signal), show);
  }
}
