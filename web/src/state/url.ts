import { formatFilter, parseFilter, type LabelFilter } from './selector';
import { isValidTime } from './time';
import {
  defaultState,
  type CompareLayout,
  type DiffMode,
  type ExploreTab,
  type Orientation,
  type Selection,
  type Sort,
  type ViewName,
  type ViewState,
} from './view-state';

/**
 * ViewState ⇄ URL. The path names the view (/explore, /compare; the overview is /); the query string holds the rest, leaving
 * out what equals the default. Unknown or malformed values fall back to defaults rather than failing.
 */

const VIEWS: readonly ViewName[] = ['overview', 'explore', 'compare', 'changes', 'growth', 'tags'];
const TABS: readonly ExploreTab[] = ['both', 'flame', 'top', 'sandwich', 'lines', 'graph'];

export function toUrl(state: ViewState): string {
  const d = defaultState();
  const p = new URLSearchParams();
  set(p, 'tenant', state.tenant, d.tenant);
  set(p, 'type', state.profileType, d.profileType);
  writeSelection(p, '', state.main, d.main);
  if (state.view === 'compare') {
    // The baseline's range is always written: a compare link names both windows.
    writeSelection(p, 'b', state.base, { ...d.base, from: '', to: '' });
    set(p, 'mode', state.diffMode, d.diffMode);
    set(p, 'layout', state.layout, d.layout);
    setSort(p, 'dsort', state.diffSort, d.diffSort);
    if (state.beforeAfter) {
      p.set('bafrom', state.beforeAfter.from);
      p.set('bato', state.beforeAfter.to);
    }
  } else {
    set(p, 'tab', state.tab, d.tab);
    set(p, 'fn', state.fn, d.fn);
    setSort(p, 'sort', state.topSort, d.topSort);
  }
  if (state.view === 'tags') {
    set(p, 'by', state.groupBy, d.groupBy);
  }
  set(p, 'search', state.search, d.search);
  for (const name of state.zoom) {
    p.append('zoom', name);
  }
  set(p, 'orient', state.orientation, d.orientation);
  const query = p.toString();
  return (state.view === 'overview' ? '/' : '/' + state.view) + (query ? '?' + query : '');
}

export function fromUrl(pathname: string, search: string): ViewState {
  const d = defaultState();
  const p = new URLSearchParams(search);
  const segment = pathname.replace(/\/+$/, '').split('/').pop() ?? '';
  // The root is the overview; an unknown path opens the explorer, as before the overview existed.
  const view = segment === '' ? 'overview' : oneOf(segment, VIEWS, d.view);
  const main = readSelection(p, '', d.main);
  let beforeAfter: ViewState['beforeAfter'] = null;
  const baFrom = p.get('bafrom');
  const baTo = p.get('bato');
  if (baFrom && baTo && isValidTime(baFrom) && isValidTime(baTo)) {
    beforeAfter = { from: baFrom, to: baTo };
  }
  return {
    view,
    tenant: p.get('tenant') ?? d.tenant,
    profileType: p.get('type') ?? d.profileType,
    main,
    base: readSelection(p, 'b', d.base),
    search: p.get('search') ?? d.search,
    zoom: p.getAll('zoom'),
    orientation: oneOf(p.get('orient'), ['icicle', 'flame'] as const, d.orientation) as Orientation,
    tab: oneOf(p.get('tab'), TABS, d.tab),
    fn: p.get('fn') ?? d.fn,
    topSort: readSort(p.get('sort'), d.topSort),
    diffMode: oneOf(p.get('mode'), ['auto', 'relative', 'absolute'] as const, d.diffMode) as DiffMode,
    layout: oneOf(p.get('layout'), ['diff', 'side'] as const, d.layout) as CompareLayout,
    diffSort: readSort(p.get('dsort'), d.diffSort),
    beforeAfter,
    groupBy: p.get('by') ?? d.groupBy,
  };
}

function writeSelection(p: URLSearchParams, prefix: string, s: Selection, d: Selection): void {
  set(p, prefix + 'service', s.service, d.service);
  for (const f of s.filters) {
    p.append(prefix + 'f', formatFilter(f));
  }
  set(p, prefix + 'from', s.from, d.from);
  set(p, prefix + 'to', s.to, d.to);
}

function readSelection(p: URLSearchParams, prefix: string, d: Selection): Selection {
  const from = p.get(prefix + 'from');
  const to = p.get(prefix + 'to');
  return {
    service: p.get(prefix + 'service') ?? d.service,
    filters: p
      .getAll(prefix + 'f')
      .map(parseFilter)
      .filter((f): f is LabelFilter => f !== null),
    from: from && isValidTime(from) ? from : d.from,
    to: to && isValidTime(to) ? to : d.to,
  };
}

function set(p: URLSearchParams, key: string, value: string, fallback: string): void {
  if (value !== fallback) {
    p.set(key, value);
  }
}

function setSort(p: URLSearchParams, key: string, sort: Sort, d: Sort): void {
  if (sort.key !== d.key || sort.dir !== d.dir) {
    p.set(key, sort.key + (sort.dir === 'asc' ? '' : '-'));
  }
}

/** 'flat-' is flat descending, 'flat' ascending. */
function readSort(text: string | null, d: Sort): Sort {
  if (!text || !/^[a-zA-Z]+-?$/.test(text)) {
    return d;
  }
  return text.endsWith('-') ? { key: text.slice(0, -1), dir: 'desc' } : { key: text, dir: 'asc' };
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
