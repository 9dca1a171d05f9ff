import type { DiffMode } from '../state/view-state';

/**
 * Instant types (a sample type starting with inuse_, or goroutine(s)): each window is the average of its
 * snapshots, as docs/api.md defines them; every other type is summed over the window.
 */
export function isAveraged(type: string): boolean {
  const sample = type.split(':')[1] ?? '';
  return sample.startsWith('inuse_') || sample === 'goroutine' || sample === 'goroutines';
}

/**
 * The diff's scale when the URL names none ("auto"): absolute for instant types, where a level that grows
 * (a leak) is the story even when every stack keeps its share; relative for summed types, where a busier
 * window would otherwise paint every frame red and hide what got slower per unit of work.
 */
export function effectiveDiffMode(mode: DiffMode, profileType: string): 'relative' | 'absolute' {
  if (mode !== 'auto') {
    return mode;
  }
  return isAveraged(profileType) ? 'absolute' : 'relative';
}

/** One line under the scale toggle saying what the colours and the table's changes compare. */
export function diffModeNote(mode: 'relative' | 'absolute', profileType: string): string {
  const level = isAveraged(profileType) ? "each window's average" : "each window's total";
  return mode === 'relative'
    ? `Relative: compares each function's share of ${level} (baseline share vs comparison share, in percentage points); a uniform growth shows as no change.`
    : `Absolute: compares values (comparison − baseline) of ${level}; growth shows in red even when every share stays the same.`;
}
