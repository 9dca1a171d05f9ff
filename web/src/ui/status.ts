import { el, replaceChildren } from './dom';

export type LoadState = 'idle' | 'loading' | 'empty' | 'error' | 'ready';

/**
 * The loading, empty and error states of one panel: an overlay over the panel's content, and the state in
 * data-state for tests. While loading, the previous content stays visible under a veil.
 */
export class StatusOverlay {
  private readonly overlay = el('div', { class: 'status-overlay', role: 'status' });

  constructor(private readonly host: HTMLElement) {
    host.classList.add('status-host');
    host.appendChild(this.overlay);
    this.set('idle');
  }

  loading(message = 'Loading…'): void {
    this.set('loading', el('span', { class: 'spinner', 'aria-hidden': 'true' }), el('span', {}, message));
  }

  empty(message: string, hint?: string): void {
    this.set('empty', el('div', { class: 'status-title' }, message), hint ? el('div', { class: 'status-hint' }, hint) : null);
  }

  error(message: string, retry?: () => void): void {
    this.set(
      'error',
      el('div', { class: 'status-title' }, 'Something went wrong'),
      el('div', { class: 'status-message', testid: 'error-message' }, message),
      retry ? el('button', { class: 'btn', on: { click: retry } }, 'Retry') : null,
    );
  }

  idle(message?: string): void {
    this.set('idle', message ? el('div', { class: 'status-hint' }, message) : null);
  }

  ready(): void {
    this.set('ready');
  }

  get state(): LoadState {
    return (this.host.dataset.state as LoadState | undefined) ?? 'idle';
  }

  private set(state: LoadState, ...content: (Node | null)[]): void {
    this.host.dataset.state = state;
    this.overlay.className = 'status-overlay status-' + state;
    this.overlay.hidden = state === 'ready' || (state === 'idle' && content.every((c) => c === null));
    replaceChildren(this.overlay, ...content);
  }
}
