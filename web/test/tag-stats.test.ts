import { describe, expect, it } from 'vitest';
import type { TimelineAnswer } from '../src/api/types';
import { tagRows } from '../src/model/tag-stats';

function answer(lines: Record<string, (number | null)[]>): TimelineAnswer {
  return {
    profileType: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
    unit: 'nanoseconds',
    aggregation: 'sum',
    measure: 'rate',
    valueUnit: 'nanoseconds per second',
    start: 0,
    step: 10,
    groupBy: 'version',
    lines: Object.entries(lines).map(([value, values]) => ({ labels: { version: value }, values })),
  };
}

describe('tagRows', () => {
  it('gives shares of the summed lines and the change from the first to the second half', () => {
    const rows = tagRows(answer({ v1: [4, 4, 2, 2], v2: [null, null, 7, 6], '': [1, null, null, 1] }));
    expect(rows.map((r) => r.value)).toEqual(['v2', 'v1', '']);
    expect(rows[0]).toEqual({ value: 'v2', area: 13, share: 13 / 27, firstMean: null, secondMean: 6.5, change: null });
    expect(rows[1]).toEqual({ value: 'v1', area: 12, share: 12 / 27, firstMean: 4, secondMean: 2, change: -0.5 });
    expect(rows[2]).toEqual({ value: '', area: 2, share: 2 / 27, firstMean: 1, secondMean: 1, change: 0 });
  });

  it('puts the middle step of an odd count in the second half and keeps shares 0 when all is 0', () => {
    const rows = tagRows(answer({ a: [0, 0, 0] }));
    expect(rows).toEqual([{ value: 'a', area: 0, share: 0, firstMean: 0, secondMean: 0, change: null }]);
  });
});
