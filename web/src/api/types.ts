/** The JSON answers of query-service's /api/v1 (see docs/api.md); values are in the profile type's sample unit. */

export interface CatalogService {
  name: string;
  profileTypes: string[];
}

export interface ServicesAnswer {
  services: CatalogService[];
}

export interface LabelNamesAnswer {
  names: string[];
}

export interface LabelValuesAnswer {
  name: string;
  values: string[];
}

export interface WindowInfo {
  profileType: string;
  unit: string;
  aggregation: string;
  from: string;
  to: string;
  series: number;
  snapshots: number;
  /** Unrounded: a window average (with a fraction) when `values` is 'average'. */
  total: number;
  /** What every value of the answer is: the window's sum, or its average over `averageOf` snapshots. */
  values?: 'sum' | 'average';
  averageOf?: number | null;
}

/** Pyroscope's "single" flamebearer: per node [xOffset (delta-encoded), total, self, nameIndex]. */
export interface Flamebearer {
  names: string[];
  levels: number[][];
  numTicks: number;
  maxSelf: number;
}

export interface FlameGraphAnswer {
  window: WindowInfo;
  flamebearer: Flamebearer;
}

export interface TopRow {
  function: string;
  flat: number;
  flatPercent: number;
  sumPercent: number;
  cum: number;
  cumPercent: number;
}

export interface TopAnswer {
  window: WindowInfo;
  shownFlat: number;
  droppedRows: number;
  rows: TopRow[];
}

/**
 * Pyroscope's "double" flamebearer: per node
 * [xLeftOffset, leftTotal, leftSelf, xRightOffset, rightTotal, rightSelf, nameIndex], each side's x delta-encoded on its own.
 */
export interface DiffFlamebearer {
  names: string[];
  levels: number[][];
  numTicks: number;
  maxSelf: number;
  leftTicks: number;
  rightTicks: number;
}

export interface DiffRow {
  function: string;
  leftFlat: number;
  leftCum: number;
  rightFlat: number;
  rightCum: number;
}

export interface DiffAnswer {
  profileType: string;
  unit: string;
  aggregation: string;
  left: WindowInfo;
  right: WindowInfo;
  flamebearer: DiffFlamebearer;
  leftTotal: number;
  rightTotal: number;
  table: DiffRow[];
}

export interface TimelineLine {
  labels: Record<string, string>;
  values: (number | null)[];
}

/**
 * {@code start} in ms since the epoch, {@code step} in seconds. Values are a rate per second of wall
 * time (measure "rate") or an average over the step's snapshots (measure "average"), in {@code valueUnit}.
 */
export interface TimelineAnswer {
  profileType: string;
  unit: string;
  aggregation: string;
  measure: 'rate' | 'average';
  valueUnit: string;
  start: number;
  step: number;
  groupBy: string | null;
  lines: TimelineLine[];
}
