import { API_PREFIX, type ProfileQuery } from '../api/client';
import { authenticationRequired } from '../auth/mode';
import { parseTime } from '../state/time';
import { copyText, el, toast } from './dom';

const DEFAULT_TENANT = 'default';

/**
 * The shell variable the command reads the token from: the command holds its name, never a secret, so it can
 * be copied, pasted into tickets and logged.
 */
export const TOKEN_VARIABLE = 'PYROMETER_TOKEN';

/**
 * The pprof URL of a selection with absolute times and the tenant as a query parameter, so that it fetches
 * the same profile later and from tools that cannot send headers. {@code withCredentials}: the URL carries
 * user-info {@code TENANT:${PYROMETER_TOKEN}} (go tool pprof sends it as HTTP Basic; the server takes the
 * password as the token and the user as the tenant).
 */
export function pprofCommandUrl(origin: string, tenant: string, q: ProfileQuery, nowMs: number = Date.now(), withCredentials = false): string {
  const params = new URLSearchParams({
    profileType: q.profileType,
    query: q.query,
    from: String(parseTime(q.from, nowMs)),
    to: String(parseTime(q.to, nowMs)),
    tenant: tenant || DEFAULT_TENANT,
  });
  const base = withCredentials ? origin.replace('://', `://${encodeURIComponent(tenant || DEFAULT_TENANT)}:\${${TOKEN_VARIABLE}}@`) : origin;
  return `${base}${API_PREFIX}/pprof?${params.toString()}`;
}

/**
 * The command for {@code url}. A URL with the token variable is double-quoted so the shell substitutes it
 * (every other character of the URL is percent-encoded, so nothing else expands); otherwise single-quoted.
 */
export function goToolPprofCommand(url: string): string {
  return url.includes('${' + TOKEN_VARIABLE + '}') ? `go tool pprof -http=: "${url}"` : `go tool pprof -http=: '${url}'`;
}

/** "Export": download the selection's pprof, or copy a `go tool pprof` command that fetches it. */
export class ExportMenu {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly popover: HTMLElement;
  private readonly download = el('a', { class: 'btn btn-primary', testid: 'download-pprof', download: '' }, '⬇ Download pprof');
  private readonly command = el('input', { class: 'command', testid: 'pprof-command', 'aria-label': 'go tool pprof command' });
  private readonly tokenHint = el('div', { class: 'status-hint', testid: 'pprof-token-hint' }, `First set ${TOKEN_VARIABLE} to a read token of this tenant: export ${TOKEN_VARIABLE}=pyro_…`);
  private query: ProfileQuery | null = null;
  private tenant = '';

  /** {@code extra}: more export sections, shown under the pprof ones. */
  constructor(extra?: HTMLElement) {
    this.command.readOnly = true;
    this.button = el('button', { class: 'btn', testid: 'export', on: { click: () => this.toggle() } }, 'Export ▾');
    this.popover = el(
      'div',
      { class: 'popover export-popover', role: 'dialog', 'aria-label': 'Export' },
      el('div', { class: 'popover-title' }, 'This selection as a pprof file'),
      this.download,
      el('div', { class: 'popover-title' }, 'Open it with go tool pprof'),
      el(
        'div',
        { class: 'command-row' },
        this.command,
        el('button', { class: 'btn', testid: 'copy-pprof-command', on: { click: () => void this.copy() } }, 'Copy'),
      ),
      el('div', { class: 'status-hint' }, 'The command fetches exactly this window (absolute times) for this tenant.'),
      this.tokenHint,
      extra ?? null,
    );
    this.popover.hidden = true;
    this.element = el('div', { class: 'export-menu' }, this.button, this.popover);
    document.addEventListener('click', (e) => {
      if (!this.element.contains(e.target as Node)) {
        this.popover.hidden = true;
      }
    });
  }

  /** {@code fileName}: the pprof download's name (see model/download-name.ts). */
  update(tenant: string, query: ProfileQuery | null, downloadUrl: string | null, fileName = ''): void {
    this.tenant = tenant;
    this.query = query;
    this.button.disabled = query === null;
    if (downloadUrl) {
      this.download.href = downloadUrl;
      this.download.download = fileName;
    } else {
      this.download.removeAttribute('href');
    }
    this.refreshCommand();
  }

  private toggle(): void {
    this.popover.hidden = !this.popover.hidden;
    this.refreshCommand();
  }

  private refreshCommand(): void {
    const withCredentials = authenticationRequired();
    this.tokenHint.hidden = !withCredentials;
    this.command.value = this.query
      ? goToolPprofCommand(pprofCommandUrl(window.location.origin, this.tenant, this.query, Date.now(), withCredentials))
      : '';
  }

  private async copy(): Promise<void> {
    this.refreshCommand();
    const ok = await copyText(this.command.value);
    toast(ok ? 'Copied the go tool pprof command' : 'Could not copy: select the command and copy it by hand');
  }
}
