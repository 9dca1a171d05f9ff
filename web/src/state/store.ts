import { fromUrl, toUrl } from './url';
import type { ViewState } from './view-state';

export type Listener = (state: ViewState, previous: ViewState) => void;

/**
 * The one ViewState, kept equal to the browser's URL. {@code update} with 'push' makes a history entry
 * (a new selection, a zoom), 'replace' does not (typing in a search box); back and forward restore the state.
 */
export class Store {
  private current: ViewState;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly win: Window = window) {
    this.current = fromUrl(win.location.pathname, win.location.search);
    win.history.replaceState(null, '', toUrl(this.current));
    win.addEventListener('popstate', () => this.apply(fromUrl(win.location.pathname, win.location.search)));
  }

  get state(): ViewState {
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  update(patch: Partial<ViewState> | ((s: ViewState) => Partial<ViewState>), history: 'push' | 'replace' = 'push'): void {
    const next = { ...this.current, ...(typeof patch === 'function' ? patch(this.current) : patch) };
    const url = toUrl(next);
    const currentUrl = this.win.location.pathname + this.win.location.search;
    if (url !== currentUrl) {
      if (history === 'push') {
        this.win.history.pushState(null, '', url);
      } else {
        this.win.history.replaceState(null, '', url);
      }
    }
    this.apply(next);
  }

  private apply(next: ViewState): void {
    const previous = this.current;
    this.current = next;
    for (const listener of this.listeners) {
      listener(next, previous);
    }
  }
}
