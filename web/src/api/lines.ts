/** The answer of GET /api/v1/lines (docs/api.md, "Source lines"): one function of one window, line by line. */
import type { WindowInfo } from './types';

/** `found`: text read; `none`: no source configured for the service (nothing fetched); `missing`: configured, no text. */
export type SourceState = 'found' | 'none' | 'missing';

export interface LineRow {
  /** 1-based; 0 when the profile did not know it. */
  line: number;
  /** Exact, in window.unit. */
  flat: number;
  cum: number;
  /** The source line, absent without source. Untrusted: shown as text only. */
  text?: string;
}

export interface LinesFile {
  file: string;
  flat: number;
  cum: number;
  source: SourceState;
  sourceMessage?: string;
  lines: LineRow[];
}

export interface LinesAnswer {
  window: WindowInfo;
  function: string;
  service?: string;
  version?: string;
  files: LinesFile[];
}
