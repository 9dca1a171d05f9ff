import { describe, expect, it } from 'vitest';
import { buildSelector, parseFilter } from '../src/state/selector';
import { describeRange, formatDuration, parseDuration, parseTime, shiftEarlier, WEEK_MS } from '../src/state/time';
import { fromUrl, toUrl } from '../src/state/url';
import { defaultState, type ViewState } from '../src/state/view-state';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('time expressions', () => {
  it('reads the forms the API reads', () => {
    expect(parseTime('now', NOW)).toBe(NOW);
    expect(parseTime('now-1h30m', NOW)).toBe(NOW - 5_400_000);
    expect(parseTime('1764064800', NOW)).toBe(1_764_064_800_000);
    expect(parseTime('1764064800123', NOW)).toBe(1_764_064_800_123);
    expect(parseTime('2026-11-25T10:00:00Z', NOW)).toBe(Date.parse('2026-11-25T10:00:00Z'));
    expect(() => parseTime('yesterday', NOW)).toThrow(/not a time/);
    expect(() => parseDuration('1x')).toThrow();
  });

  it('shifts a window a week back, keeping relative expressions relative', () => {
    expect(shiftEarlier('now', WEEK_MS)).toBe('now-7d');
    expect(shiftEarlier('now-1h', WEEK_MS)).toBe('now-7d1h');
    expect(shiftEarlier('1764064800000', WEEK_MS)).toBe(String(1_764_064_800_000 - WEEK_MS));
    expect(formatDuration(90_061_000)).toBe('1d1h1m1s');
  });

  it('describes ranges for the picker', () => {
    expect(describeRange('now-1h', 'now')).toBe('Last 1h');
    expect(describeRange('now-7d6h', 'now-7d')).toBe('6h ending 7d ago');
  });
});

describe('selectors', () => {
  it('quotes and escapes values', () => {
    expect(buildSelector('api', [{ name: 'env', op: '=~', value: 'pr"od\\x' }])).toBe('{service_name="api",env=~"pr\\"od\\\\x"}');
    expect(buildSelector('', [])).toBe('{}');
  });

  it('parses the URL form of a filter', () => {
    expect(parseFilter('pod!~a-.*')).toEqual({ name: 'pod', op: '!~', value: 'a-.*' });
    expect(parseFilter('k8s.ns=x=y')).toEqual({ name: 'k8s.ns', op: '=', value: 'x=y' });
    expect(parseFilter('=x')).toBeNull();
  });
});

describe('URL state', () => {
  it('round-trips every field of a view', () => {
    const state: ViewState = {
      ...defaultState(),
      view: 'compare',
      tenant: 'acme',
      profileType: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
      main: { service: 'api', filters: [{ name: 'env', op: '=', value: 'prod' }], from: 'now-6h', to: 'now' },
      base: { service: 'api', filters: [], from: 'now-7d6h', to: 'now-7d' },
      search: 'gc',
      zoom: ['main.main', 'a;b > c'],
      orientation: 'flame',
      diffMode: 'absolute',
      layout: 'side',
      diffSort: { key: 'lflat', dir: 'asc' },
      beforeAfter: { from: 'now-6h', to: 'now' },
    };
    const url = new URL('http://x' + toUrl(state));
    expect(url.pathname).toBe('/compare');
    expect(fromUrl(url.pathname, url.search)).toEqual(state);
  });

  it('leaves defaults out and falls back on bad values', () => {
    expect(toUrl(defaultState())).toBe('/explore');
    const s = fromUrl('/nowhere', '?from=garbage&tab=nope&orient=sideways&f=%3Dbad');
    expect(s.view).toBe('explore');
    expect(s.main.from).toBe('now-1h');
    expect(s.tab).toBe('both');
    expect(s.orientation).toBe('icicle');
    expect(s.main.filters).toEqual([]);
  });

  it('opens the overview at the root and keeps the tag explorer\'s label', () => {
    expect(fromUrl('/', '').view).toBe('overview');
    expect(toUrl({ ...defaultState(), view: 'overview', search: 'check' })).toBe('/?search=check');
    const tags = { ...defaultState(), view: 'tags' as const, profileType: 'cpu', groupBy: 'version' };
    const url = new URL('http://x' + toUrl(tags));
    expect(url.pathname + url.search).toBe('/tags?type=cpu&by=version');
    expect(fromUrl(url.pathname, url.search)).toEqual(tags);
  });
});
