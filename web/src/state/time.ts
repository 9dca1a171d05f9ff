/**
 * Time expressions as the API takes them: 'now', 'now-<duration>' (parts of w, d, h, m, s such as 7d or 1h30m),
 * unix seconds, unix milliseconds (13 digits or more) and RFC 3339. The view keeps expressions, not instants,
 * so that a link to "the last hour" stays the last hour.
 */

const UNIT_MS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
const RELATIVE = /^now(?:-((?:\d+[wdhms])+))?$/;
const PART = /(\d+)([wdhms])/g;
const DIGITS = /^\d{1,19}$/;
const MILLIS_THRESHOLD = 100_000_000_000;

export const DAY_MS = UNIT_MS.d!;
export const WEEK_MS = UNIT_MS.w!;

export interface QuickRange {
  label: string;
  from: string;
}

/** The picker's one-click ranges, each ending now. */
export const QUICK_RANGES: readonly QuickRange[] = [
  { label: '15m', from: 'now-15m' },
  { label: '1h', from: 'now-1h' },
  { label: '6h', from: 'now-6h' },
  { label: '24h', from: 'now-24h' },
  { label: '7d', from: 'now-7d' },
  { label: '30d', from: 'now-30d' },
];

/** Milliseconds in a duration such as '1h30m'; throws on anything else. */
export function parseDuration(text: string): number {
  let total = 0;
  let end = 0;
  for (const part of text.matchAll(PART)) {
    if (part.index !== end) {
      break;
    }
    total += Number(part[1]) * UNIT_MS[part[2]!]!;
    end = part.index + part[0].length;
  }
  if (end !== text.length || end === 0) {
    throw new Error(`'${text}' is not a duration such as 15m, 1h30m or 7d`);
  }
  return total;
}

/** '7d1h' for 7 days and an hour; whole seconds only. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms / 1000)) * 1000;
  let text = '';
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = UNIT_MS[unit]!;
    const n = Math.floor(rest / size);
    if (n > 0) {
      text += n + unit;
      rest -= n * size;
    }
  }
  return text || '0s';
}

/** The instant (ms since the epoch) an expression names at {@code nowMs}; throws naming the expression. */
export function parseTime(expression: string, nowMs: number): number {
  const text = expression.trim();
  const relative = RELATIVE.exec(text);
  if (relative) {
    return relative[1] ? nowMs - parseDuration(relative[1]) : nowMs;
  }
  if (DIGITS.test(text)) {
    const n = Number(text);
    return n >= MILLIS_THRESHOLD ? n : n * 1000;
  }
  const parsed = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(parsed)) {
    return parsed;
  }
  throw new Error(`'${expression}' is not a time: use now, now-1h, unix seconds or milliseconds, or RFC 3339`);
}

export function isValidTime(expression: string): boolean {
  try {
    parseTime(expression, Date.now());
    return true;
  } catch {
    return false;
  }
}

export function isRelative(expression: string): boolean {
  return RELATIVE.test(expression.trim());
}

/** The same expression {@code byMs} earlier: 'now-1h' → 'now-7d1h' for a week, absolute times stay absolute. */
export function shiftEarlier(expression: string, byMs: number, nowMs: number = Date.now()): string {
  const relative = RELATIVE.exec(expression.trim());
  if (relative) {
    const ago = relative[1] ? parseDuration(relative[1]) : 0;
    return 'now-' + formatDuration(ago + byMs);
  }
  return String(parseTime(expression, nowMs) - byMs);
}

/** An absolute time for the URL: milliseconds since the epoch, which the API reads as such. */
export function absolute(ms: number): string {
  return String(Math.round(ms));
}

/** A short human label for a range: 'Last 1h' for quick ranges, else the two instants. */
export function describeRange(from: string, to: string, nowMs: number = Date.now()): string {
  if (to.trim() === 'now') {
    const quick = QUICK_RANGES.find((r) => r.from === from.trim());
    if (quick) {
      return 'Last ' + quick.label;
    }
    const relative = RELATIVE.exec(from.trim());
    if (relative?.[1]) {
      return 'Last ' + relative[1];
    }
  }
  const f = RELATIVE.exec(from.trim());
  const t = RELATIVE.exec(to.trim());
  if (f?.[1] && t?.[1]) {
    const length = parseDuration(f[1]) - parseDuration(t[1]);
    if (length > 0) {
      return `${formatDuration(length)} ending ${t[1]} ago`;
    }
  }
  try {
    const a = parseTime(from, nowMs);
    const b = parseTime(to, nowMs);
    return formatInstant(a) + ' → ' + formatInstant(b, sameDay(a, b));
  } catch {
    return from + ' → ' + to;
  }
}

export function formatInstant(ms: number, timeOnly = false): string {
  const d = new Date(ms);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (timeOnly) {
    return time;
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** For <input type="datetime-local">: local time without seconds. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): number | null {
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

function pad(n: number): string {
  return n < 10 ? '0' + n : String(n);
}
