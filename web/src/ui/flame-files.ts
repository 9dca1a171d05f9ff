import { parseFlamebearerFile, type LoadedFlamebearer } from '../model/flamebearer-file';
import { el, toast } from './dom';

/** What the export section needs from its view; each returns null while there is nothing to export. */
export interface FlameFileSource {
  png(): Promise<Blob | null>;
  svg(): string | null;
  /** The flamebearer file's JSON text. */
  json(): string | null;
  /** The download's file name for an extension (`png`, `svg`, `json`). */
  fileName(ext: string): string | null;
}

/** Saves {@code blob} as {@code name} through a temporary object URL. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "Flame graph as PNG / SVG / JSON" buttons for the export menu. */
export function flameExportSection(source: FlameFileSource): HTMLElement {
  const button = (ext: string, label: string, title: string, make: () => Promise<Blob | null>): HTMLButtonElement =>
    el(
      'button',
      {
        class: 'btn',
        testid: 'export-' + ext,
        title,
        on: {
          click: () =>
            void make().then((blob) => {
              const name = source.fileName(ext);
              if (blob && name) {
                saveBlob(blob, name);
              } else {
                toast('Nothing to export yet: wait for the flame graph');
              }
            }),
        },
      },
      label,
    );
  const text = (value: string | null, type: string): Promise<Blob | null> => Promise.resolve(value === null ? null : new Blob([value], { type }));
  return el(
    'div',
    { class: 'flame-export' },
    el('div', { class: 'popover-title' }, 'The flame graph as a file'),
    el(
      'div',
      { class: 'command-row' },
      button('png', 'PNG', 'The flame graph as drawn (zoom and search included)', () => source.png()),
      button('svg', 'SVG', 'The whole flame graph as a vector image', () => text(source.svg(), 'image/svg+xml')),
      button('json', 'JSON', 'Flamebearer JSON (Pyroscope format); "Open JSON" shows it again', () => text(source.json(), 'application/json')),
    ),
  );
}

/**
 * "Open JSON": a button with a file input, and drops of a .json file on {@code dropTarget}. Each file that
 * parses as a flamebearer file goes to {@code onLoad}; any other shows what is wrong in a toast.
 */
export function flameOpenButton(dropTarget: HTMLElement, onLoad: (loaded: LoadedFlamebearer, fileName: string) => void): HTMLElement {
  const input = el('input', { type: 'file', testid: 'open-json-input', 'aria-label': 'Flamebearer JSON file' });
  input.accept = '.json,application/json';
  input.hidden = true;
  const read = (file: File): void => {
    void file.text().then((text) => {
      try {
        onLoad(parseFlamebearerFile(text), file.name);
      } catch (e) {
        toast(`Cannot open ${file.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  };
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) {
      read(file);
    }
    input.value = '';
  });
  dropTarget.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) {
      e.preventDefault();
    }
  });
  dropTarget.addEventListener('drop', (e) => {
    const file = e.dataTransfer?.files[0];
    if (file) {
      e.preventDefault();
      read(file);
    }
  });
  return el(
    'span',
    {},
    el('button', { class: 'btn', testid: 'open-json', title: 'Show a flame graph saved as JSON (or drop the file on the flame graph)', on: { click: () => input.click() } }, 'Open JSON'),
    input,
  );
}
