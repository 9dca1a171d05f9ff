/**
 * Builds DOM from data. Strings become text nodes (textContent), never markup: function names and label
 * values are untrusted, and nothing in this app assigns innerHTML.
 */

type Child = Node | string | number | null | undefined | false;

export interface Attrs {
  class?: string;
  testid?: string;
  title?: string;
  type?: string;
  value?: string;
  href?: string;
  download?: string;
  placeholder?: string;
  role?: string;
  [attribute: `aria-${string}`]: string;
  [attribute: `data-${string}`]: string;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) {
      continue;
    }
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value as Record<string, EventListener>)) {
        node.addEventListener(event, handler);
      }
    } else if (key === 'class') {
      node.className = value as string;
    } else if (key === 'testid') {
      node.dataset.testid = value as string;
    } else if (key === 'value') {
      (node as HTMLInputElement).value = value as string;
    } else {
      node.setAttribute(key, value as string);
    }
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A <select> with these options; the value is kept if still offered. */
export function setOptions(select: HTMLSelectElement, options: readonly { value: string; label: string }[], value: string): void {
  select.replaceChildren(...options.map((o) => el('option', { value: o.value }, o.label)));
  select.value = options.some((o) => o.value === value) ? value : (options[0]?.value ?? '');
}

/** Copies text, with a fallback for pages without the async clipboard (plain http). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el('textarea', { class: 'offscreen' });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

let toastTimer = 0;

export function toast(message: string): void {
  let node = document.querySelector<HTMLElement>('.toast');
  if (!node) {
    node = el('div', { class: 'toast', role: 'status', testid: 'toast' });
    document.body.appendChild(node);
  }
  node.textContent = message;
  node.classList.add('visible');
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => node.classList.remove('visible'), 2500);
}
