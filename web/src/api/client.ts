import type { LeakAnswer, RegressionAnswer } from './insight-types';
import type {
  DiffAnswer,
  FlameGraphAnswer,
  LabelNamesAnswer,
  LabelValuesAnswer,
  ServicesAnswer,
  TimelineAnswer,
  TopAnswer,
} from './types';
import type { LinesAnswer } from './lines';
import type { CallGraphAnswer, PeekAnswer } from './callgraph-types';
import type { OverviewAnswer } from './overview-types';

/** An answer other than 2xx, or a request that never got one; {@code message} is fit to show. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const TENANT_HEADER = 'X-Scope-OrgID';

/** Dispatched on window when an API call answers 401: the session is gone (signed out, expired, revoked). */
export const UNAUTHENTICATED_EVENT = 'pyrometer:unauthenticated';
export const API_PREFIX = '/api/v1';

/** What one profile query reads: a type, a label selector and a window (times as the API takes them). */
export interface ProfileQuery {
  profileType: string;
  query: string;
  from: string;
  to: string;
}

export interface DiffQuery {
  profileType: string;
  leftQuery: string;
  rightQuery: string;
  leftFrom: string;
  leftTo: string;
  rightFrom: string;
  rightTo: string;
}

export type Params = Record<string, string | number | undefined>;

/** The query-service REST API. Every call takes an AbortSignal so that a newer selection cancels older requests. */
export class ApiClient {
  constructor(
    private readonly tenant: string,
    private readonly origin: string = '',
  ) {}

  services(from: string, to: string, signal?: AbortSignal): Promise<ServicesAnswer> {
    return this.get('/catalog/services', { from, to }, signal);
  }

  labelNames(profileType: string, query: string, from: string, to: string, signal?: AbortSignal): Promise<LabelNamesAnswer> {
    return this.get('/catalog/label-names', { profileType, query, from, to }, signal);
  }

  labelValues(name: string, profileType: string, query: string, from: string, to: string, signal?: AbortSignal): Promise<LabelValuesAnswer> {
    return this.get('/catalog/label-values', { name, profileType, query, from, to }, signal);
  }

  flameGraph(q: ProfileQuery, signal?: AbortSignal): Promise<FlameGraphAnswer> {
    return this.get('/flamegraph', { ...q }, signal);
  }

  top(q: ProfileQuery, signal?: AbortSignal): Promise<TopAnswer> {
    return this.get('/top', { ...q }, signal);
  }

  timeline(q: ProfileQuery, signal?: AbortSignal): Promise<TimelineAnswer> {
    return this.get('/timeline', { ...q }, signal);
  }

  /** One line per value of the label {@code groupBy} (series without it form the line of value ""). */
  groupedTimeline(q: ProfileQuery, groupBy: string, signal?: AbortSignal): Promise<TimelineAnswer> {
    return this.get('/timeline', { ...q, groupBy }, signal);
  }

  /** Every service with data in the window, costliest first (at most {@code limit}). */
  overview(from: string, to: string, limit: number, signal?: AbortSignal): Promise<OverviewAnswer> {
    return this.get('/overview', { from, to, limit }, signal);
  }

  /** One function's flat and cum per source line, with the text where the service's source is configured. */
  lines(q: ProfileQuery, fn: string, signal?: AbortSignal): Promise<LinesAnswer> {
    return this.get('/lines', { ...q, function: fn }, signal);
  }

  diff(q: DiffQuery, signal?: AbortSignal): Promise<DiffAnswer> {
    return this.get('/diff', { ...q }, signal);
  }

  callGraph(q: ProfileQuery, signal?: AbortSignal): Promise<CallGraphAnswer> {
    return this.get('/callgraph', { ...q }, signal);
  }

  peek(q: ProfileQuery, fn: string, signal?: AbortSignal): Promise<PeekAnswer> {
    return this.get('/peek', { ...q, function: fn }, signal);
  }

  /** What changed between two windows; without baseFrom/baseTo the baseline is the window 7 days earlier. */
  regressions(params: Params, signal?: AbortSignal): Promise<RegressionAnswer> {
    return this.get('/regressions', params, signal);
  }

  /** What grows over a window, for averaged types. */
  leaks(params: Params, signal?: AbortSignal): Promise<LeakAnswer> {
    return this.get('/leaks', params, signal);
  }

  /**
   * The URL of the merged window as a gzipped pprof. The tenant travels as a query parameter, so the URL
   * works where no header can be set: a download link, {@code go tool pprof URL}.
   */
  pprofUrl(q: ProfileQuery): string {
    return this.origin + API_PREFIX + '/pprof?' + query({ ...q, tenant: this.tenant || undefined });
  }

  private async get<T>(path: string, params: Params, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.tenant) {
      headers[TENANT_HEADER] = this.tenant;
    }
    let response: Response;
    try {
      response = await fetch(this.origin + API_PREFIX + path + '?' + query(params), signal ? { headers, signal } : { headers });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') {
        throw e;
      }
      throw new ApiError('query-service is unreachable: ' + String(e instanceof Error ? e.message : e), 0);
    }
    if (!response.ok) {
      if (response.status === 401) {
        window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT));
      }
      throw new ApiError(await errorMessage(response), response.status);
    }
    return (await response.json()) as T;
  }
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

function query(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  return search.toString();
}

async function errorMessage(response: Response): Promise<string> {
  const prefix = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string' && body.error) {
      return body.error;
    }
  } catch {
    // not JSON: fall through to the status line
  }
  return `request failed: ${prefix}`;
}
