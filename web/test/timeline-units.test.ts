import { describe, expect, it } from 'vitest';
import { axisLabel, describeLine, formatStep, formatTimelineValue } from '../src/model/timeline-units';

describe('timeline units', () => {
  const cpu = { measure: 'rate', unit: 'nanoseconds', step: 10 } as const;
  it('shows a CPU rate in cores', () => {
    expect(formatTimelineValue(5e8, cpu)).toBe('0.5 cores');
    expect(formatTimelineValue(1e9, cpu)).toBe('1 core');
    expect(formatTimelineValue(2_345_678_901, cpu)).toBe('2.35 cores');
    expect(axisLabel(cpu)).toBe('cores (ns per second)');
  });

  it('shows other rates per second and averages as averages', () => {
    expect(formatTimelineValue(1536, { measure: 'rate', unit: 'bytes', step: 60 })).toBe('1.5 KiB/s');
    expect(formatTimelineValue(1536, { measure: 'average', unit: 'bytes', step: 60 })).toBe('1.5 KiB');
    expect(axisLabel({ measure: 'average', unit: 'count', step: 60 })).toBe('average count');
    expect(describeLine({ measure: 'average', unit: 'count', step: 300 })).toContain('Average over the snapshots in each 5m step');
  });

  it('formats steps', () => {
    expect(formatStep(10)).toBe('10s');
    expect(formatStep(5400)).toBe('1h30m');
    expect(formatStep(86400)).toBe('1d');
  });
});
