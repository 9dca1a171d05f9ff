import type { ApiClient, ProfileQuery } from '../api/client';
import type { CallGraphAnswer, PeekAnswer } from '../api/callgraph-types';
import type { FlameModel } from '../model/flame-model';
import { flameFocus } from '../model/graph-focus';
import type { Store } from '../state/store';
import type { ViewState } from '../state/view-state';
import { CallGraphPanel } from '../ui/call-graph';
import { Latest } from '../ui/request';
import { StatusOverlay } from '../ui/status';

/**
 * The explorer's Graph tab: loads the call graph of the selection when the tab is shown, and the peek of the
 * state's function (the URL's fn, shared with the sandwich view), or of the graph's top-ranked node.
 * Clicking a node opens the flame graph focused on that function.
 */
export class GraphTab {
  private readonly panel: CallGraphPanel;
  private readonly status: StatusOverlay;
  private readonly peekStatus: StatusOverlay;
  private readonly request: Latest<CallGraphAnswer>;
  private readonly peekRequest: Latest<PeekAnswer>;
  private graphKey = '';
  private peekKey = '';
  private answer: CallGraphAnswer | null = null;

  constructor(
    private readonly store: Store,
    flameModel: () => FlameModel | null,
  ) {
    this.panel = new CallGraphPanel({
      onFocus: (fn) => this.store.update(flameFocus(flameModel(), fn)),
      onPeek: (fn) => this.store.update({ fn }),
    });
    this.status = new StatusOverlay(this.panel.graphHost);
    this.peekStatus = new StatusOverlay(this.panel.peekHost);
    this.request = new Latest(this.status);
    this.peekRequest = new Latest(this.peekStatus);
  }

  get element(): HTMLElement {
    return this.panel.element;
  }

  render(state: ViewState, api: ApiClient, query: ProfileQuery | null): void {
    if (state.tab !== 'graph') {
      return;
    }
    const key = JSON.stringify([state.tenant, query]);
    if (key !== this.graphKey) {
      this.graphKey = key;
      this.peekKey = '';
      this.answer = null;
      this.panel.clear();
      this.panel.showPeek(null);
      if (!query) {
        this.request.cancel();
        this.status.idle('Pick a service and a profile type.');
        return;
      }
      this.request.run(
        (signal) => api.callGraph(query, signal),
        (answer) => {
          this.answer = answer;
          if (answer.nodes.length === 0) {
            this.status.empty('No profiles in this selection', 'Pick a wider time range or remove a filter.');
          }
          void this.panel.show(answer);
          this.renderPeek(this.store.state, api, query);
        },
        'Building the call graph…',
      );
      return;
    }
    if (query) {
      this.renderPeek(state, api, query);
    }
  }

  private renderPeek(state: ViewState, api: ApiClient, query: ProfileQuery): void {
    const fn = state.fn || this.answer?.nodes.reduce((a, b) => (Math.abs(b.cum) > Math.abs(a.cum) ? b : a)).function || '';
    const key = JSON.stringify([this.graphKey, fn]);
    if (!this.answer || !fn || key === this.peekKey) {
      return;
    }
    this.peekKey = key;
    this.peekRequest.run(
      (signal) => api.peek(query, fn, signal),
      (peek) => this.panel.showPeek(peek),
    );
  }
}
