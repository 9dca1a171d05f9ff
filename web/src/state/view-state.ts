import type { LabelFilter } from './selector';

/** Everything a view shows, and nothing else: the URL is this state (see url.ts), so a link reproduces the view. */

export type ViewName = 'overview' | 'explore' | 'compare' | 'changes' | 'growth' | 'tags';
export type ExploreTab = 'both' | 'flame' | 'top' | 'sandwich' | 'lines' | 'graph';
export type Orientation = 'icicle' | 'flame';
/** 'auto': absolute for instant types, relative otherwise (model/diff-mode.ts). */
export type DiffMode = 'auto' | 'relative' | 'absolute';
export type CompareLayout = 'diff' | 'side';
export type SortDir = 'asc' | 'desc';

/** One set of profiles: a service, more label filters and a window (time expressions, see time.ts). */
export interface Selection {
  service: string;
  filters: LabelFilter[];
  from: string;
  to: string;
}

export interface Sort {
  key: string;
  dir: SortDir;
}

export interface ViewState {
  view: ViewName;
  /** Empty: the API's default tenant. */
  tenant: string;
  profileType: string;
  /** The explorer's selection; in compare, the comparison ("today", "after") side. */
  main: Selection;
  /** Compare only: the baseline ("last week", "before") side. */
  base: Selection;
  /** Search text of the flame graphs (and the top table's filter). */
  search: string;
  /** The zoomed node as its path of function names below the root; empty when not zoomed. */
  zoom: string[];
  orientation: Orientation;
  tab: ExploreTab;
  /** The function of the sandwich and lines views. */
  fn: string;
  topSort: Sort;
  diffMode: DiffMode;
  layout: CompareLayout;
  diffSort: Sort;
  /** "Before vs after": both sides picked on one timeline spanning this window; null when off. */
  beforeAfter: { from: string; to: string } | null;
  /** Tag explorer: the label whose values it compares; empty until one is picked. */
  groupBy: string;
}

export const DEFAULT_FROM = 'now-1h';
export const DEFAULT_TO = 'now';

export function emptySelection(): Selection {
  return { service: '', filters: [], from: DEFAULT_FROM, to: DEFAULT_TO };
}

export function defaultState(): ViewState {
  return {
    view: 'explore',
    tenant: '',
    profileType: '',
    main: emptySelection(),
    base: { ...emptySelection(), from: 'now-7d1h', to: 'now-7d' },
    search: '',
    zoom: [],
    orientation: 'icicle',
    tab: 'both',
    fn: '',
    topSort: { key: 'flat', dir: 'desc' },
    diffMode: 'auto',
    layout: 'diff',
    diffSort: { key: 'change', dir: 'desc' },
    beforeAfter: null,
    groupBy: '',
  };
}
