import { signOut, type Session } from './api/session';
import { Store } from './state/store';
import type { ViewName, ViewState } from './state/view-state';
import { toUrl } from './state/url';
import { installDebug } from './ui/debug';
import { el, toast } from './ui/dom';
import { TenantSwitcher } from './ui/tenant-switcher';
import { ChangesView } from './views/changes';
import { CompareView, lastWeekVsToday } from './views/compare';
import { ExplorerView } from './views/explorer';
import { GrowthView } from './views/growth';
import { OverviewView } from './views/overview';
import { TagsView } from './views/tags';

const TITLES: Record<ViewName, string> = {
  overview: 'Services',
  explore: 'Explore',
  tags: 'Tags',
  compare: 'Compare',
  changes: 'What changed',
  growth: 'Growth',
};

/**
 * The shell: header (views, tenant, who is signed in) and the views, created once and shown by the URL's path.
 * {@code session}: null when the service asks for no credentials.
 */
export class App {
  private readonly store = new Store();
  private readonly explorer = new ExplorerView(this.store);
  private readonly compare = new CompareView(this.store);
  private readonly changes = new ChangesView(this.store);
  private readonly growth = new GrowthView(this.store);
  private readonly overview = new OverviewView(this.store);
  private readonly tags = new TagsView(this.store);
  private readonly links = new Map<ViewName, HTMLAnchorElement>();
  private readonly tenant: TenantSwitcher;

  constructor(
    private readonly root: HTMLElement,
    private readonly session: Session | null = null,
  ) {
    const tenants = session === null || session.anyTenant ? null : (session.tenants ?? []);
    this.tenant = new TenantSwitcher(tenants, (tenant) => this.store.update({ tenant }));
  }

  start(): void {
    installDebug();
    const nav = el(
      'nav',
      { class: 'nav' },
      ...(['overview', 'explore', 'tags', 'compare', 'changes', 'growth'] as const).map((view) => {
        const a = el('a', { class: 'nav-link', testid: 'nav-' + view, on: { click: (e) => this.navigate(e, view) } }, TITLES[view]);
        this.links.set(view, a);
        return a;
      }),
    );
    const header = el(
      'header',
      { class: 'app-header' },
      el('a', { class: 'brand', href: '/' }, el('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Pyrometer'),
      nav,
      el('span', { class: 'spacer' }),
      this.tenant.element,
      this.sessionControls(),
    );
    this.root.append(header, this.overview.element, this.tags.element, this.explorer.element, this.compare.element, this.changes.element, this.growth.element);
    this.store.subscribe((state) => this.render(state));
    this.render(this.store.state);
  }

  /** Who is signed in and the sign-out button; nothing without a session. */
  private sessionControls(): HTMLElement | null {
    const session = this.session;
    if (session === null || !session.signedIn) {
      return null;
    }
    const out = el('button', { class: 'btn btn-small', testid: 'sign-out' }, 'Sign out');
    out.addEventListener('click', () => {
      out.disabled = true;
      signOut(session.csrfToken ?? '').then(
        () => window.location.reload(),
        (e: unknown) => {
          out.disabled = false;
          toast('Could not sign out: ' + (e instanceof Error ? e.message : String(e)));
        },
      );
    });
    return el('span', { class: 'session-controls' }, el('span', { class: 'session-subject', testid: 'session-subject' }, session.subject ?? ''), out);
  }

  private navigate(e: MouseEvent, view: ViewName): void {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) {
      return;
    }
    e.preventDefault();
    this.store.update((s) => {
      const patch: Partial<ViewState> = { view, zoom: [] };
      if (view === 'compare' && !s.base.service) {
        patch.base = lastWeekVsToday(s.main);
      }
      return patch;
    });
  }

  private render(state: ViewState): void {
    const tenant = this.tenant.resolve(state.tenant);
    if (tenant !== state.tenant) {
      // A tenant this session may not read (or none): switch to one it may; the update renders again.
      this.store.update({ tenant }, 'replace');
      return;
    }
    this.explorer.element.hidden = state.view !== 'explore';
    this.compare.element.hidden = state.view !== 'compare';
    this.changes.element.hidden = state.view !== 'changes';
    this.growth.element.hidden = state.view !== 'growth';
    this.overview.element.hidden = state.view !== 'overview';
    this.tags.element.hidden = state.view !== 'tags';
    for (const [view, link] of this.links) {
      link.href = toUrl({ ...state, view, zoom: [] });
      link.setAttribute('aria-current', view === state.view ? 'page' : 'false');
    }
    this.tenant.show(state.tenant);
    document.title = 'Pyrometer · ' + TITLES[state.view] + (state.main.service ? ' · ' + state.main.service : '');
    if (state.view === 'explore') {
      this.explorer.render(state);
    } else if (state.view === 'compare') {
      this.compare.render(state);
    } else if (state.view === 'overview') {
      this.overview.render(state);
    } else if (state.view === 'tags') {
      this.tags.render(state);
    } else if (state.view === 'changes') {
      this.changes.render(state);
    } else {
      this.growth.render(state);
    }
  }
}
