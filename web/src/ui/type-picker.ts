import type { CatalogService } from '../api/types';
import { el, setOptions } from './dom';

/** 'process_cpu · cpu' for process_cpu:cpu:nanoseconds:cpu:nanoseconds. */
export function typeLabel(id: string): string {
  const [name, sampleType] = id.split(':');
  return name && sampleType ? `${name} · ${sampleType}` : id;
}

/** The type a view opens with: CPU time when there is one, else the first. */
export function preferredType(types: readonly string[]): string {
  return types.find((t) => t.startsWith('process_cpu:cpu:')) ?? types.find((t) => t.includes(':cpu:')) ?? types[0] ?? '';
}

/** The profile types of the chosen service(s); all types when none is chosen. */
export function typesOf(services: readonly CatalogService[], names: readonly string[]): string[] {
  const chosen = services.filter((s) => names.includes(s.name));
  const from = chosen.length > 0 ? chosen : services;
  return [...new Set(from.flatMap((s) => s.profileTypes))].sort();
}

export class TypePicker {
  readonly select: HTMLSelectElement;
  readonly element: HTMLElement;

  constructor(testid: string, onChange: (type: string) => void) {
    this.select = el('select', { testid, 'aria-label': 'Profile type' });
    this.select.addEventListener('change', () => onChange(this.select.value));
    this.element = el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Profile type'), this.select);
  }

  set(types: readonly string[], current: string): void {
    const options = types.map((t) => ({ value: t, label: typeLabel(t) }));
    if (current && !types.includes(current)) {
      options.unshift({ value: current, label: typeLabel(current) + ' (no data)' });
    }
    if (options.length === 0) {
      options.push({ value: '', label: '— none —' });
    }
    setOptions(this.select, options, current);
  }
}
