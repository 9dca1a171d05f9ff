import type { Timeline } from './timeline';

/** Keeps one y-scale over several timelines: each one's top is the largest value any of them shows. */
export function shareYScale(charts: Timeline[]): void {
  const sync = (): void => {
    const max = Math.max(0, ...charts.map((chart) => chart.dataMax()));
    charts.forEach((chart) => chart.setSharedMax(max > 0 ? max : null));
  };
  charts.forEach((chart) => chart.onData(sync));
}

/**
 * Where "before vs after" splits: the middle of the data's extent when the data covers only part of
 * the window [fromMs, toMs) (a new install, say), else the window's middle.
 */
export function splitPoint(fromMs: number, toMs: number, extent: [number, number] | null): [number, number, number] {
  if (extent) {
    const first = Math.max(fromMs, extent[0]);
    const last = Math.min(toMs, extent[1]);
    if (last > first && last - first < toMs - fromMs) {
      return [first, Math.round((first + last) / 2), last];
    }
  }
  return [fromMs, Math.round((fromMs + toMs) / 2), toMs];
}
