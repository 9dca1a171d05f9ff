import { describe, expect, it } from 'vitest';
import { fromUrl, toUrl } from '../src/state/url';

describe('the Lines tab in the URL', () => {
  it('round-trips the tab and its function', () => {
    const state = fromUrl('/explore', '?service=seedapp&tab=lines&fn=%3Cimg+src%3Dx%3E');
    expect(state.tab).toBe('lines');
    expect(state.fn).toBe('<img src=x>');
    expect(toUrl(state)).toBe('/explore?service=seedapp&tab=lines&fn=%3Cimg+src%3Dx%3E');
  });
});
