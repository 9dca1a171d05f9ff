import type { Flamebearer } from '../api/types';

/**
 * A flame graph as a JSON file, in the shape Pyroscope exports and imports ("version 1": the single
 * flamebearer plus metadata). `metadata.units` is the API's unit (nanoseconds, bytes, count); the
 * `pyrometer` block says what was selected. Loading the file gives back the same names and levels, so the
 * same graph.
 */
export interface FlamebearerFile {
  version: 1;
  flamebearer: Flamebearer;
  metadata: {
    format: 'single';
    units: string;
    name: string;
    pyrometer?: { service: string; profileType: string; from: string; to: string; aggregation: string; snapshots: number };
  };
}

export interface FlamebearerMeta {
  service: string;
  profileType: string;
  unit: string;
  /** ISO-8601 instants of the window. */
  from: string;
  to: string;
  aggregation: string;
  snapshots: number;
}

export function toFlamebearerFile(fb: Flamebearer, meta: FlamebearerMeta): FlamebearerFile {
  return {
    version: 1,
    flamebearer: { names: fb.names, levels: fb.levels, numTicks: fb.numTicks, maxSelf: fb.maxSelf },
    metadata: {
      format: 'single',
      units: meta.unit,
      name: meta.profileType,
      pyrometer: { service: meta.service, profileType: meta.profileType, from: meta.from, to: meta.to, aggregation: meta.aggregation, snapshots: meta.snapshots },
    },
  };
}

/** What a loaded file shows: the flamebearer, its unit and a title. */
export interface LoadedFlamebearer {
  flamebearer: Flamebearer;
  unit: string;
  title: string;
}

/**
 * Reads a single-format flamebearer file (ours or Pyroscope's). Throws an Error saying what is wrong when
 * the text is not one: not JSON, a diff, names that are not strings, levels that are not groups of 4
 * finite numbers, or a name index out of range.
 */
export function parseFlamebearerFile(text: string): LoadedFlamebearer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('not a JSON file');
  }
  const file = value as Partial<FlamebearerFile> | null;
  const fb = file?.flamebearer as Partial<Flamebearer> | undefined;
  if (!fb || typeof fb !== 'object') {
    throw new Error('no "flamebearer" in the file');
  }
  const format = file?.metadata?.format ?? 'single';
  if (format !== 'single') {
    throw new Error(`a "${String(format)}" flamebearer; only "single" files open here`);
  }
  const names = fb.names;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
    throw new Error('"names" must be a non-empty list of strings');
  }
  const levels = fb.levels;
  if (!Array.isArray(levels) || levels.length === 0) {
    throw new Error('"levels" must be a non-empty list');
  }
  levels.forEach((level, l) => {
    if (!Array.isArray(level) || level.length % 4 !== 0 || !level.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new Error(`level ${l} is not a list of [x, total, self, name] numbers`);
    }
    for (let i = 3; i < level.length; i += 4) {
      if (!Number.isInteger(level[i]) || level[i]! < 0 || level[i]! >= names.length) {
        throw new Error(`level ${l} names a function index ${level[i]} outside "names"`);
      }
    }
  });
  const root = levels[0]!;
  const numTicks = typeof fb.numTicks === 'number' ? fb.numTicks : (root[1] ?? 0);
  const maxSelf = typeof fb.maxSelf === 'number' ? fb.maxSelf : 0;
  const meta = file?.metadata;
  const p = meta?.pyrometer;
  const title = p ? `${p.service} · ${p.profileType} · ${p.from} – ${p.to}` : (meta?.name ?? 'flame graph');
  return { flamebearer: { names: names as string[], levels: levels as number[][], numTicks, maxSelf }, unit: meta?.units ?? 'count', title };
}
