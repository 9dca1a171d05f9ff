import { describe, expect, it } from 'vitest';
import { diffColor, relativeChange } from '../src/render/colors';
import { formatPercent, formatPoints, formatValue } from '../src/model/units';

describe('units', () => {
  it('formats nanoseconds as time', () => {
    expect(formatValue(0, 'nanoseconds')).toBe('0');
    expect(formatValue(1500, 'nanoseconds')).toBe('1.5 µs');
    expect(formatValue(12_340_000, 'nanoseconds')).toBe('12.3 ms');
    expect(formatValue(2_260_000_000, 'nanoseconds')).toBe('2.26 s');
    expect(formatValue(150e9, 'nanoseconds')).toBe('2.5 min');
  });

  it('formats bytes in binary units', () => {
    expect(formatValue(512, 'bytes')).toBe('512 B');
    expect(formatValue(1536, 'bytes')).toBe('1.5 KiB');
    expect(formatValue(1_048_992, 'bytes')).toBe('1 MiB');
  });

  it('formats counts', () => {
    expect(formatValue(2521, 'count')).toBe('2521');
    expect(formatValue(25_210, 'count')).toBe('25.2k');
    expect(formatValue(-3, 'count')).toBe('-3');
  });

  it('formats shares and changes of share', () => {
    expect(formatPercent(0.4558)).toBe('45.6%');
    expect(formatPercent(0.0044)).toBe('0.44%');
    expect(formatPercent(0.00001)).toBe('<0.01%');
    expect(formatPoints(0.123)).toBe('+12.3 pp');
    expect(formatPoints(-0.00001)).toBe('-<0.01 pp');
  });
});

describe('diff colours', () => {
  it('is red for growth, green for shrinkage, grey when unchanged', () => {
    expect(relativeChange(0, 5)).toBe(1);
    expect(relativeChange(5, 0)).toBe(-1);
    expect(relativeChange(0, 0)).toBe(0);
    expect(diffColor(0.01)).toBe('#ced4da');
    expect(diffColor(1)).toMatch(/^hsl\(0 /);
    expect(diffColor(-1)).toMatch(/^hsl\(130 /);
  });
});
