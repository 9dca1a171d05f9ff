/**
 * How a timeline's values read: the API's `measure` ("rate" or "average") and `valueUnit`
 * ("nanoseconds per second", "bytes per second", "count per second", "average bytes", …).
 * A CPU rate in ns per second is shown in cores (1e9 ns/s = one core busy).
 */
import { formatValue } from './units';

export interface TimelineMeaning {
  measure: 'rate' | 'average';
  /** The sample unit, e.g. "nanoseconds". */
  unit: string;
  step: number;
}

/** How the values of a timeline answer read (its measure, sample unit and step). */
export function meaningOf(answer: { measure?: string; unit: string; step: number }): TimelineMeaning {
  return { measure: answer.measure === 'average' ? 'average' : 'rate', unit: answer.unit, step: answer.step };
}

/** One value with its unit, e.g. "0.5 cores", "1.5 MiB/s", "12/s", "1.2 MiB". */
export function formatTimelineValue(value: number, m: TimelineMeaning): string {
  if (m.measure === 'average') {
    return formatValue(value, m.unit);
  }
  if (m.unit === 'nanoseconds') {
    return formatCores(value / 1e9);
  }
  return formatValue(value, m.unit) + '/s';
}

/** The y-axis label: "CPU cores", "bytes per second", "average bytes", … */
export function axisLabel(m: TimelineMeaning): string {
  if (m.measure === 'average') {
    return 'average ' + m.unit;
  }
  return m.unit === 'nanoseconds' ? 'cores (ns per second)' : m.unit + ' per second';
}

/** What the line is, said in the chart's caption. */
export function describeLine(m: TimelineMeaning): string {
  const step = formatStep(m.step);
  return m.measure === 'average'
    ? `Average over the snapshots in each ${step} step (summed over series)`
    : `Rate per second of wall time, each profile spread over the time it covers; ${step} steps`;
}

/** A step in seconds as "10s", "5m", "1h", "1d", or combined ("1h30m"). */
export function formatStep(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(Math.floor(rest / size) + unit);
      rest %= size;
    }
  }
  return parts.length === 0 ? '0s' : parts.join('');
}

function formatCores(cores: number): string {
  if (cores === 0) {
    return '0 cores';
  }
  const text = Math.abs(cores) >= 100 ? cores.toFixed(0) : Number(cores.toPrecision(3)).toString();
  return text + (text === '1' ? ' core' : ' cores');
}
