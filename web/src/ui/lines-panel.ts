import type { ApiClient, ProfileQuery } from '../api/client';
import type { LineRow, LinesAnswer, LinesFile } from '../api/lines';
import { formatPercent, formatValue } from '../model/units';
import { el, replaceChildren } from './dom';
import { Latest } from './request';
import { StatusOverlay } from './status';
import './lines-panel.css';

/**
 * The lines view of one function: per source file, flat and cum per line as `go tool pprof -list` prints them,
 * with the source text where the service's source is configured. Names, file names and source text come from
 * profiles and repositories, so they only ever become text nodes. Each row keeps its exact values in
 * data-flat / data-cum (and the title), the cells show them rounded for reading.
 */
export class LinesPanel {
  readonly element: HTMLElement;
  private readonly title = el('h2', { class: 'lines-title', testid: 'lines-title' });
  private readonly summary = el('span', { class: 'panel-note', testid: 'lines-summary' });
  private readonly body = el('div', { class: 'lines-body', testid: 'lines' });
  private readonly status: StatusOverlay;
  private readonly request: Latest<LinesAnswer>;
  private key = '';

  constructor() {
    this.element = el('div', { class: 'panel lines-panel' }, el('header', { class: 'panel-header' }, this.title, this.summary), this.body);
    this.status = new StatusOverlay(this.element);
    this.request = new Latest(this.status);
  }

  /** Loads the lines of {@code fn} in {@code query}'s window, unless they are already shown (or {@code force}). */
  show(api: ApiClient, tenant: string, query: ProfileQuery | null, fn: string, force: boolean): void {
    const key = JSON.stringify([tenant, query, fn]);
    if (key === this.key && !force) {
      return;
    }
    this.key = key;
    this.title.textContent = fn || 'Source lines';
    this.summary.textContent = '';
    replaceChildren(this.body);
    if (!query) {
      this.request.cancel();
      this.status.idle('Pick a service and a profile type.');
      return;
    }
    if (!fn) {
      this.request.cancel();
      this.status.idle('Pick a function: click a row of the top table, or right-click a frame of the flame graph, then open "Lines".');
      return;
    }
    this.request.run(
      (signal) => api.lines(query, fn, signal),
      (answer) => this.render(answer),
      'Listing lines…',
    );
  }

  private render(answer: LinesAnswer): void {
    const w = answer.window;
    const version = answer.version ? ` · version ${answer.version}` : '';
    this.summary.textContent = `${answer.files.length} ${answer.files.length === 1 ? 'file' : 'files'} · total ${formatValue(w.total, w.unit)}${version}`;
    replaceChildren(this.body, ...answer.files.map((file) => fileSection(file, w.unit, w.total)));
    if (answer.files.length === 0) {
      this.status.empty('This function has no lines in the selection', 'It may not run in this window, or its frames have no file.');
    }
  }
}

function fileSection(file: LinesFile, unit: string, total: number): HTMLElement {
  const withText = file.source === 'found';
  const hottest = Math.max(1, ...file.lines.map((l) => Math.abs(l.cum)));
  const header = el(
    'header',
    { class: 'lines-file-header' },
    el('span', { class: 'lines-file-name', testid: 'lines-file-name' }, file.file),
    el('span', { class: 'lines-file-sums', testid: 'lines-file-sums' }, `flat ${formatValue(file.flat, unit)} · cum ${formatValue(file.cum, unit)} (${formatPercent(total ? file.cum / total : 0)} of total)`),
    file.sourceMessage ? el('span', { class: 'lines-source-note', testid: 'lines-source-note', 'data-source': file.source }, file.sourceMessage) : null,
  );
  const head = el('tr', {}, el('th', { class: 'num' }, 'Flat'), el('th', { class: 'num' }, 'Cum'), el('th', { class: 'num' }, 'Line'), withText ? el('th', {}, 'Source') : null);
  const rows = file.lines.map((line) => lineRow(line, unit, withText, hottest));
  return el(
    'section',
    { class: 'lines-file', testid: 'lines-file', 'data-file': file.file, 'data-source': file.source },
    header,
    el('table', { class: 'data-table lines-table' }, el('thead', {}, head), el('tbody', {}, ...rows)),
  );
}

function lineRow(line: LineRow, unit: string, withText: boolean, hottest: number): HTMLElement {
  const row = el(
    'tr',
    { class: line.flat !== 0 || line.cum !== 0 ? 'lines-hot' : '', 'data-line': String(line.line), 'data-flat': String(line.flat), 'data-cum': String(line.cum) },
    valueCell(line.flat, unit),
    valueCell(line.cum, unit),
    el('td', { class: 'num lines-number' }, line.line === 0 ? '?' : String(line.line)),
    withText ? el('td', { class: 'lines-text', testid: 'lines-text' }, line.text ?? '') : null,
  );
  // the heat of a line: its cum against the file's hottest line, 0..1
  row.style.setProperty('--heat', String(Math.abs(line.cum) / hottest));
  return row;
}

/** pprof's "." for 0; otherwise the value for reading, the exact one in the title. */
function valueCell(value: number, unit: string): HTMLElement {
  if (value === 0) {
    return el('td', { class: 'num lines-zero' }, '.');
  }
  return el('td', { class: 'num', title: `${value} ${unit}` }, formatValue(value, unit));
}
