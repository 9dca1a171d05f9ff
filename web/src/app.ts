import { Store } from './state/store';
import type { ViewName, ViewState } from './state/view-state';
import { toUrl } from './state/url';
import { installDebug } from './ui/debug';
import { el } from './ui/dom';
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

/** The shell: header (views, tenant) and the views, created once and shown by the URL's path. */
export class App {
  private readonly store = new Store();
  private readonly explorer = new ExplorerView(this.store);
  private readonly compare = new CompareView(this.store);
  private readonly changes = new ChangesView(this.store);
  private readonly growth = new GrowthView(this.store);
  private readonly overview = new OverviewView(this.store);
  private readonly tags = new TagsView(this.store);
  private readonly links = new Map<ViewName, HTMLAnchorElement>();
  private readonly tenantInput = el('input', { class: 'tenant-input', testid: 'tenant', placeholder: 'default', 'aria-label': 'Tenant' });

  constructor(private readonly root: HTMLElement) {}

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
    this.tenantInput.addEventListener('change', () => this.store.update({ tenant: this.tenantInput.value.trim() }));
    const header = el(
      'header',
      { class: 'app-header' },
      el('a', { class: 'brand', href: '/' }, el('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Pyrometer'),
      nav,
      el('span', { class: 'spacer' }),
      el('label', { class: 'field tenant-field' }, el('span', { class: 'field-label' }, 'Tenant'), this.tenantInput),
    );
    this.root.append(header, this.overview.element, this.tags.element, this.explorer.element, this.compare.element, this.changes.element, this.growth.element);
    this.store.subscribe((state) => this.render(state));
    this.render(this.store.state);
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
    if (document.activeElement !== this.tenantInput) {
      this.tenantInput.value = state.tenant;
    }
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
