import { describe, expect, it } from 'vitest';
import { splitPoint } from '../src/ui/shared-scale';

describe('before vs after split', () => {
  it('splits the data when it covers only part of the window', () => {
    // window 0–3,600,000 ms, data in the last 3 minutes
    expect(splitPoint(0, 3_600_000, [3_420_000, 3_600_000])).toEqual([3_420_000, 3_510_000, 3_600_000]);
  });
  it('splits the window when the data fills it or there is none', () => {
    expect(splitPoint(0, 3_600_000, [0, 3_600_000])).toEqual([0, 1_800_000, 3_600_000]);
    expect(splitPoint(0, 3_600_000, null)).toEqual([0, 1_800_000, 3_600_000]);
  });
});
