/** Label filters and the Prometheus-style selector they make, e.g. {service_name="api",env=~"prod|canary"}. */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export const MATCH_OPS: readonly MatchOp[] = ['=', '!=', '=~', '!~'];

export const SERVICE_LABEL = 'service_name';

export interface LabelFilter {
  name: string;
  op: MatchOp;
  value: string;
}

const FILTER = /^([A-Za-z_][A-Za-z0-9_.]*)(=~|!~|!=|=)([\s\S]*)$/;

/** 'env=prod' → {env, =, prod}; the URL form of a filter (the value is raw, not quoted). */
export function parseFilter(text: string): LabelFilter | null {
  const m = FILTER.exec(text);
  return m ? { name: m[1]!, op: m[2] as MatchOp, value: m[3]! } : null;
}

export function formatFilter(filter: LabelFilter): string {
  return filter.name + filter.op + filter.value;
}

/** The selector for one service and its filters; an empty service selects every service. */
export function buildSelector(service: string, filters: readonly LabelFilter[]): string {
  const matchers: string[] = [];
  if (service) {
    matchers.push(`${SERVICE_LABEL}="${escape(service)}"`);
  }
  for (const f of filters) {
    matchers.push(`${f.name}${f.op}"${escape(f.value)}"`);
  }
  return '{' + matchers.join(',') + '}';
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
