import type { FlameModel } from './flame-model';

/** The nodes whose function matches a search, and what they add up to without counting a match inside a match twice. */
export interface SearchResult {
  readonly query: string;
  /** 1 where the node matches. */
  readonly matched: Uint8Array;
  readonly count: number;
  /** Sum of the outermost matches' widths (the model's geometry), and its share of the root. */
  readonly value: number;
  readonly share: number;
  /** For diffs: the same sum per side, in raw values. */
  readonly left: number;
  readonly right: number;
}

/**
 * Case-insensitive substring search; text written as /regex/ is a regular expression. An invalid regex
 * matches nothing rather than throwing. Names are only compared, never interpreted.
 */
export function matcher(query: string): (name: string) => boolean {
  const text = query.trim();
  const regex = /^\/(.+)\/([a-z]*)$/.exec(text);
  if (regex) {
    try {
      const re = new RegExp(regex[1]!, regex[2]!.includes('i') ? 'i' : '');
      return (name) => re.test(name);
    } catch {
      return () => false;
    }
  }
  const needle = text.toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}

export function search(model: FlameModel, query: string): SearchResult | null {
  if (!query.trim()) {
    return null;
  }
  const test = matcher(query);
  const nameMatches = model.names.map(test);
  const matched = new Uint8Array(model.count);
  const covered = new Uint8Array(model.count); // a match at or above the node
  let count = 0;
  let value = 0;
  let left = 0;
  let right = 0;
  for (let n = 1; n < model.count; n++) {
    const isMatch = nameMatches[model.name[n]!] === true;
    const parentCovered = covered[model.parent[n]!] === 1;
    matched[n] = isMatch ? 1 : 0;
    covered[n] = isMatch || parentCovered ? 1 : 0;
    if (isMatch) {
      count++;
      if (!parentCovered) {
        value += model.total[n]!;
        if (model.diff) {
          left += model.diff.leftTotal[n]!;
          right += model.diff.rightTotal[n]!;
        }
      }
    }
  }
  return { query, matched, count, value, share: model.numTicks > 0 ? value / model.numTicks : 0, left, right };
}
