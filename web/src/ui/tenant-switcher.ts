import { el, setOptions } from './dom';

/**
 * The header's tenant control. With a session limited to some tenants: a select of those (shown only when
 * there are several); otherwise (authentication off, or a token for any tenant) a free text field as before.
 */
export class TenantSwitcher {
  readonly element: HTMLElement;
  private readonly input = el('input', { class: 'tenant-input', testid: 'tenant', placeholder: 'default', 'aria-label': 'Tenant' });
  private readonly select = el('select', { class: 'tenant-select', testid: 'tenant-switcher', 'aria-label': 'Tenant' });

  /** {@code tenants}: the session's tenants, or null when any tenant may be typed. */
  constructor(
    private readonly tenants: readonly string[] | null,
    onChange: (tenant: string) => void,
  ) {
    this.input.addEventListener('change', () => onChange(this.input.value.trim()));
    this.select.addEventListener('change', () => onChange(this.select.value));
    const control = tenants === null ? this.input : this.select;
    if (tenants !== null) {
      setOptions(this.select, tenants.map((t) => ({ value: t, label: t })), tenants[0] ?? '');
    }
    this.element = el('label', { class: 'field tenant-field' }, el('span', { class: 'field-label' }, 'Tenant'), control);
    this.element.hidden = tenants !== null && tenants.length < 2;
  }

  /** The tenant to use for {@code requested} (the URL's): with a fixed list, one of it (the first by default). */
  resolve(requested: string): string {
    if (this.tenants === null || this.tenants.length === 0 || this.tenants.includes(requested)) {
      return requested;
    }
    return this.tenants[0] ?? requested;
  }

  show(tenant: string): void {
    if (this.tenants !== null) {
      this.select.value = tenant;
    } else if (document.activeElement !== this.input) {
      this.input.value = tenant;
    }
  }
}
