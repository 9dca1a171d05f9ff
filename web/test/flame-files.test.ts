import { describe, expect, it } from 'vitest';
import { downloadName, typeLabel } from '../src/model/download-name';
import { diffModeNote, effectiveDiffMode } from '../src/model/diff-mode';
import { parseFlamebearerFile, toFlamebearerFile } from '../src/model/flamebearer-file';

const FB = { names: ['total', 'main.main', 'main.<leak>'], levels: [[0, 30, 0, 0], [0, 30, 10, 1], [10, 20, 20, 2]], numTicks: 30, maxSelf: 20 };
const META = { service: 'checkout', profileType: 'goroutine:goroutine:count:goroutine:count', unit: 'count', from: '2026-11-30T10:00:00Z', to: '2026-11-30T11:00:00Z', aggregation: 'average', snapshots: 6 };

describe('download names', () => {
  it('name the service, the type and the window in UTC', () => {
    const from = Date.parse('2026-11-30T10:00:00Z');
    const to = Date.parse('2026-11-30T11:00:00Z');
    expect(downloadName('checkout', 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', from, to, 'pb.gz')).toBe(
      'checkout.process_cpu.2026-11-30T10-00_2026-11-30T11-00.pb.gz',
    );
    expect(downloadName('a/b c', 'memory:inuse_space:bytes:space:bytes', from + 7_000, to, 'svg')).toBe(
      'a_b_c.memory.inuse_space.2026-11-30T10-00-07_2026-11-30T11-00.svg',
    );
    expect(typeLabel('goroutine:goroutine:count:goroutine:count')).toBe('goroutine');
    expect(typeLabel('mutex:delay:nanoseconds:contentions:count')).toBe('mutex.delay');
  });
});

describe('diff mode', () => {
  it('defaults to absolute for instant types and relative for summed ones', () => {
    expect(effectiveDiffMode('auto', 'goroutine:goroutine:count:goroutine:count')).toBe('absolute');
    expect(effectiveDiffMode('auto', 'memory:inuse_space:bytes:space:bytes')).toBe('absolute');
    expect(effectiveDiffMode('auto', 'memory:alloc_space:bytes:space:bytes')).toBe('relative');
    expect(effectiveDiffMode('auto', 'process_cpu:cpu:nanoseconds:cpu:nanoseconds')).toBe('relative');
    expect(effectiveDiffMode('relative', 'goroutine:goroutine:count:goroutine:count')).toBe('relative');
    expect(diffModeNote('relative', 'goroutine:goroutine:count:goroutine:count')).toContain("share of each window's average");
  });
});

describe('flamebearer files', () => {
  it('load back to the same names and levels', () => {
    const text = JSON.stringify(toFlamebearerFile(FB, META));
    const loaded = parseFlamebearerFile(text);
    expect(loaded.flamebearer).toEqual(FB);
    expect(loaded.unit).toBe('count');
    expect(loaded.title).toBe('checkout · goroutine:goroutine:count:goroutine:count · 2026-11-30T10:00:00Z – 2026-11-30T11:00:00Z');
  });

  it('say what is wrong with a file that is not one', () => {
    expect(() => parseFlamebearerFile('{')).toThrow('not a JSON file');
    expect(() => parseFlamebearerFile('{"version":1}')).toThrow('no "flamebearer"');
    expect(() => parseFlamebearerFile(JSON.stringify({ flamebearer: FB, metadata: { format: 'double' } }))).toThrow('"double"');
    expect(() => parseFlamebearerFile(JSON.stringify({ flamebearer: { ...FB, levels: [[0, 1, 0]] } }))).toThrow('level 0');
    expect(() => parseFlamebearerFile(JSON.stringify({ flamebearer: { ...FB, levels: [[0, 1, 0, 9]] } }))).toThrow('index 9');
  });
});
