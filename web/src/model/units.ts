/** Values in a profile type's sample unit, formatted for people: ns → µs/ms/s/min, bytes → KiB/MiB/GiB, counts. */

export type UnitKind = 'nanoseconds' | 'bytes' | 'count';

export function unitKind(unit: string): UnitKind {
  const u = unit.toLowerCase();
  if (u === 'nanoseconds' || u === 'ns') {
    return 'nanoseconds';
  }
  if (u === 'bytes' || u === 'b') {
    return 'bytes';
  }
  return 'count';
}

/** The sample unit of a profile type id name:sample_type:sample_unit:period_type:period_unit. */
export function unitOfType(profileType: string): string {
  return profileType.split(':')[2] ?? 'count';
}

export function formatValue(value: number, unit: string): string {
  const v = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  switch (unitKind(unit)) {
    case 'nanoseconds':
      return sign + formatDuration(v);
    case 'bytes':
      return sign + formatBytes(v);
    default:
      return sign + formatCount(v);
  }
}

/** With an explicit sign, for changes. */
export function formatChange(value: number, unit: string): string {
  return (value > 0 ? '+' : '') + formatValue(value, unit);
}

export function formatPercent(fraction: number): string {
  const p = fraction * 100;
  if (p === 0) {
    return '0%';
  }
  if (Math.abs(p) < 0.01) {
    return (p < 0 ? '>-' : '<') + '0.01%';
  }
  return (Math.abs(p) >= 10 ? p.toFixed(1) : p.toFixed(2)) + '%';
}

/** A change of share in percentage points, signed. */
export function formatPoints(fraction: number): string {
  const p = fraction * 100;
  if (p === 0) {
    return '0 pp';
  }
  if (Math.abs(p) < 0.01) {
    return (p > 0 ? '+' : '-') + '<0.01 pp';
  }
  return (p > 0 ? '+' : '') + (Math.abs(p) >= 10 ? p.toFixed(1) : p.toFixed(2)) + ' pp';
}

function formatDuration(ns: number): string {
  if (ns === 0) {
    return '0';
  }
  if (ns < 1e3) {
    return trim(ns) + ' ns';
  }
  if (ns < 1e6) {
    return trim(ns / 1e3) + ' µs';
  }
  if (ns < 1e9) {
    return trim(ns / 1e6) + ' ms';
  }
  if (ns < 60e9) {
    return trim(ns / 1e9) + ' s';
  }
  if (ns < 3600e9) {
    return trim(ns / 60e9) + ' min';
  }
  return trim(ns / 3600e9) + ' h';
}

function formatBytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? String(Math.round(v)) : trim(v)) + ' ' + units[i];
}

function formatCount(n: number): string {
  if (n < 10_000) {
    return Number.isInteger(n) ? String(n) : trim(n);
  }
  const units = ['k', 'M', 'G', 'T'];
  let v = n;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return trim(v) + units[i];
}

/** Three significant digits at most, no trailing zeros. */
function trim(v: number): string {
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return String(Number(v.toFixed(digits)));
}
