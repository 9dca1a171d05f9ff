import type { ApiClient } from '../api/client';
import type { CatalogService, TimelineAnswer } from '../api/types';
import { buildSelector } from '../state/selector';
import { parseTime, absolute } from '../state/time';
import type { Selection } from '../state/view-state';
import { el, setOptions } from './dom';
import { FilterEditor } from './filter-editor';
import { Latest } from './request';
import { StatusOverlay } from './status';
import { Timeline, type Band } from './timeline';
import { TimePicker } from './time-picker';

export interface SelectionContext {
  api: ApiClient;
  tenant: string;
  profileType: string;
  selection: Selection;
}

export interface SelectionPanelOptions {
  testid: string;
  title?: string;
  onChange: (selection: Selection) => void;
  /** The services with data in the selection's window, each with its profile types. */
  onServices?: (services: CatalogService[]) => void;
  /** Controls placed after the service picker (the profile type picker in the explorer). */
  after?: Node[];
  /** Controls at the end of the toolbar. */
  trailing?: Node[];
  showTimeline?: boolean;
  /** Where a range dragged on the timeline goes; by default it becomes the selection's range. */
  onDrag?: (fromMs: number, toMs: number) => void;
}

/**
 * One selection's controls: service, label filters, time range and, below them, the timeline of totals
 * where dragging narrows the range. Fetches the catalog for its window and the timeline for its series.
 */
export class SelectionPanel {
  readonly element: HTMLElement;
  private readonly serviceSelect: HTMLSelectElement;
  private readonly serviceStatus = el('span', { class: 'inline-status' });
  private readonly filters: FilterEditor;
  private readonly picker: TimePicker;
  private readonly timeline: Timeline | null = null;
  private readonly timelineStatus: StatusOverlay | null = null;
  private readonly timelineRequest: Latest<TimelineAnswer> | null = null;
  private services: CatalogService[] = [];
  private catalogKey = '';
  private timelineKey = '';
  private catalogController: AbortController | null = null;
  private ctx: SelectionContext | null = null;
  private bands: Band[] = [];

  constructor(private readonly options: SelectionPanelOptions) {
    const id = options.testid;
    this.serviceSelect = el('select', { testid: id + '-service', 'aria-label': 'Service' });
    this.serviceSelect.addEventListener('change', () => this.emit({ service: this.serviceSelect.value }));
    this.filters = new FilterEditor(id + '-filters', this.filterSource(), (filters) => this.emit({ filters }));
    this.picker = new TimePicker(id + '-time', (from, to) => this.emit({ from, to }));
    const toolbar = el(
      'div',
      { class: 'toolbar' },
      options.title ? el('h2', { class: 'toolbar-title' }, options.title) : null,
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Service'), this.serviceSelect, this.serviceStatus),
      ...(options.after ?? []),
      this.filters.element,
      el('span', { class: 'spacer' }),
      this.picker.element,
      ...(options.trailing ?? []),
    );
    this.element = el('div', { class: 'selection-panel', testid: id }, toolbar);
    if (options.showTimeline !== false) {
      this.timeline = new Timeline({
        testid: id + '-timeline',
        onSelect: (fromMs, toMs) =>
          options.onDrag ? options.onDrag(fromMs, toMs) : this.emit({ from: absolute(fromMs), to: absolute(toMs) }),
      });
      const host = el('div', { class: 'timeline-panel' }, this.timeline.element);
      this.timelineStatus = new StatusOverlay(host);
      this.timelineRequest = new Latest(this.timelineStatus);
      this.element.appendChild(host);
    }
  }

  /** Applies a new state; refetches only what it changed (or everything when forced). */
  update(ctx: SelectionContext, force = false): void {
    this.ctx = ctx;
    const s = ctx.selection;
    this.picker.set(s.from, s.to);
    this.filters.set(s.filters);
    const catalogKey = [ctx.tenant, s.from, s.to].join('\u0000');
    if (force || catalogKey !== this.catalogKey) {
      this.catalogKey = catalogKey;
      this.loadServices();
    } else {
      this.fillServices();
    }
    const timelineKey = JSON.stringify([ctx.tenant, ctx.profileType, s]);
    if (force || timelineKey !== this.timelineKey) {
      this.timelineKey = timelineKey;
      this.loadTimeline();
    }
  }

  setBands(bands: Band[]): void {
    this.bands = bands;
    this.timeline?.setBands(bands);
  }

  /** The timeline under the controls, if shown. */
  get chart(): Timeline | null {
    return this.timeline;
  }

  get serviceList(): CatalogService[] {
    return this.services;
  }

  private emit(patch: Partial<Selection>): void {
    if (this.ctx) {
      this.options.onChange({ ...this.ctx.selection, ...patch });
    }
  }

  private loadServices(): void {
    const ctx = this.ctx!;
    this.catalogController?.abort();
    const controller = new AbortController();
    this.catalogController = controller;
    this.serviceSelect.disabled = true;
    this.serviceStatus.textContent = 'Loading…';
    this.serviceStatus.className = 'inline-status loading';
    ctx.api.services(ctx.selection.from, ctx.selection.to, controller.signal).then(
      (answer) => {
        if (controller !== this.catalogController) {
          return;
        }
        this.services = answer.services;
        this.serviceSelect.disabled = false;
        this.serviceStatus.textContent = answer.services.length === 0 ? 'No services have data in this range' : '';
        this.serviceStatus.className = 'inline-status' + (answer.services.length === 0 ? ' empty' : '');
        this.fillServices();
        this.options.onServices?.(answer.services);
      },
      (e: unknown) => {
        if (controller !== this.catalogController || controller.signal.aborted) {
          return;
        }
        this.serviceSelect.disabled = false;
        this.serviceStatus.textContent = 'Catalog failed: ' + (e instanceof Error ? e.message : String(e));
        this.serviceStatus.className = 'inline-status error';
      },
    );
  }

  private fillServices(): void {
    const current = this.ctx?.selection.service ?? '';
    const options = this.services.map((s) => ({ value: s.name, label: s.name }));
    if (current && !options.some((o) => o.value === current)) {
      options.unshift({ value: current, label: current + ' (no data in range)' });
    }
    if (options.length === 0) {
      options.push({ value: '', label: '— none —' });
    }
    setOptions(this.serviceSelect, options, current);
  }

  private loadTimeline(): void {
    const ctx = this.ctx!;
    if (!this.timeline || !this.timelineRequest || !this.timelineStatus) {
      return;
    }
    const s = ctx.selection;
    if (!s.service || !ctx.profileType) {
      this.timelineRequest.cancel();
      this.timeline.clear();
      this.timelineStatus.idle('Pick a service and a profile type.');
      return;
    }
    const timeline = this.timeline;
    const status = this.timelineStatus;
    const now = Date.now();
    let fromMs: number;
    let toMs: number;
    try {
      fromMs = parseTime(s.from, now);
      toMs = parseTime(s.to, now);
    } catch (e) {
      status.error(e instanceof Error ? e.message : String(e));
      return;
    }
    this.timelineRequest.run(
      (signal) =>
        ctx.api.timeline({ profileType: ctx.profileType, query: buildSelector(s.service, s.filters), from: s.from, to: s.to }, signal),
      (answer) => {
        timeline.setData(answer, fromMs, toMs);
        timeline.setBands(this.bands);
        if (!Timeline.hasData(answer)) {
          status.empty('No data in this range', 'Pick a wider range, or check the agent is pushing.');
        }
      },
    );
  }

  private filterSource() {
    return {
      labelNames: async (signal: AbortSignal) => {
        const ctx = this.ctx!;
        const s = ctx.selection;
        return (await ctx.api.labelNames(ctx.profileType, buildSelector(s.service, []), s.from, s.to, signal)).names;
      },
      labelValues: async (name: string, signal: AbortSignal) => {
        const ctx = this.ctx!;
        const s = ctx.selection;
        return (await ctx.api.labelValues(name, ctx.profileType, buildSelector(s.service, []), s.from, s.to, signal)).values;
      },
    };
  }
}
