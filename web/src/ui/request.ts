import { isAbort } from '../api/client';
import type { StatusOverlay } from './status';

/**
 * One kind of request of one panel: starting a new one aborts the one in flight, so a slow answer for an
 * old selection never overwrites a newer one. Drives the panel's loading and error states; the caller
 * decides what counts as empty.
 */
export class Latest<T> {
  private controller: AbortController | null = null;

  constructor(private readonly status: StatusOverlay) {}

  run(fetch: (signal: AbortSignal) => Promise<T>, show: (value: T) => void, message?: string): void {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.status.loading(message);
    fetch(controller.signal).then(
      (value) => {
        if (this.controller === controller) {
          this.status.ready();
          show(value);
        }
      },
      (e: unknown) => {
        if (this.controller === controller && !isAbort(e)) {
          this.status.error(e instanceof Error ? e.message : String(e), () => this.run(fetch, show, message));
        }
      },
    );
  }

  cancel(): void {
    this.controller?.abort();
    this.controller = null;
  }
}
