import { API_PREFIX, ApiError } from './client';

/** The header that carries {@link Session.csrfToken} on every state-changing call made with the session cookie. */
export const CSRF_HEADER = 'X-CSRF-Token';

/**
 * GET /api/v1/session: whether the service asks for credentials ({@code authentication} "off" means it does
 * not, and the dashboard shows no sign-in at all) and, when signed in, who and which tenants.
 */
export interface Session {
  authentication: 'off' | 'required';
  signedIn: boolean;
  /** The token's name or the local admin's user name; never a secret. */
  subject?: string;
  /** The tenants this session may read; empty with {@code anyTenant}. */
  tenants?: string[];
  /** True for an operator token or the local admin: any tenant may be named. */
  anyTenant?: boolean;
  scopes?: string[];
  /** Sent back in {@link CSRF_HEADER} on sign-out (and any other state-changing call). */
  csrfToken?: string;
}

/** What the sign-in form sends: a token, or the local admin's user name and password. */
export type Credentials = { token: string } | { username: string; password: string };

const SESSION_URL = API_PREFIX + '/session';

export async function currentSession(): Promise<Session> {
  const response = await call(SESSION_URL, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new ApiError(await message(response), response.status);
  }
  return (await response.json()) as Session;
}

/** Signs in; the answer sets the session cookie (HttpOnly: this code never sees it). */
export async function signIn(credentials: Credentials): Promise<Session> {
  const response = await call(SESSION_URL, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) {
    throw new ApiError(await message(response), response.status);
  }
  return (await response.json()) as Session;
}

export async function signOut(csrfToken: string): Promise<void> {
  const response = await call(SESSION_URL, { method: 'DELETE', headers: { Accept: 'application/json', [CSRF_HEADER]: csrfToken } });
  if (!response.ok && response.status !== 401) {
    throw new ApiError(await message(response), response.status);
  }
}

async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError('query-service is unreachable: ' + String(e instanceof Error ? e.message : e), 0);
  }
}

async function message(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string' && body.error) {
      return body.error;
    }
  } catch {
    // not JSON
  }
  return `request failed: ${response.status} ${response.statusText}`.trim();
}
