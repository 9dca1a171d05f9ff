import type { TimelineAnswer } from '../api/types';

/**
 * The tag explorer's table, from a timeline grouped by a label: for each value, its share of the window and
 * how it moved between the first and the second half of the window. Works on whatever the timeline's
 * values are (per-step sums, rates or averages): every line has the same steps, so the sum of a line's
 * values is proportional to its part of the window and shares compare like with like.
 */
export interface TagRow {
  value: string;
  /** Sum of the line's values over the window's steps (nulls skipped), in the timeline's unit per step. */
  area: number;
  /** area ÷ the sum of every line's area; 0 when everything is 0. */
  share: number;
  /** Mean of the line's non-null values over the first half of the steps; null when it has none there. */
  firstMean: number | null;
  /** The same over the second half (the middle step, for an odd count, belongs to the second half). */
  secondMean: number | null;
  /** secondMean ÷ firstMean − 1; null when either is null or firstMean is 0. */
  change: number | null;
}

/** Rows for every line of {@code answer}, largest share first, then by value. */
export function tagRows(answer: TimelineAnswer): TagRow[] {
  const rows = answer.lines.map((line) => {
    const values = line.values;
    const half = Math.floor(values.length / 2);
    let area = 0;
    for (const v of values) {
      area += v ?? 0;
    }
    const firstMean = mean(values.slice(0, half));
    const secondMean = mean(values.slice(half));
    return {
      value: line.labels[answer.groupBy ?? ''] ?? '',
      area,
      share: 0,
      firstMean,
      secondMean,
      change: firstMean === null || secondMean === null || firstMean === 0 ? null : secondMean / firstMean - 1,
    };
  });
  const total = rows.reduce((sum, r) => sum + r.area, 0);
  for (const row of rows) {
    row.share = total > 0 ? row.area / total : 0;
  }
  return rows.sort((a, b) => b.area - a.area || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function mean(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v !== null) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}
