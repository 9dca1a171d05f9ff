import { signIn, type Credentials, type Session } from '../api/session';
import { el } from '../ui/dom';

/**
 * The sign-in page: an API token (pasted, never stored by this page: the server answers with an HttpOnly
 * session cookie), or the local admin's user name and password. Fields are cleared after every attempt.
 */
export class SignInPage {
  readonly element: HTMLElement;
  private readonly token = el('input', { type: 'password', testid: 'signin-token', placeholder: 'pyro_…', 'aria-label': 'API token' });
  private readonly username = el('input', { type: 'text', testid: 'signin-username', 'aria-label': 'User name' });
  private readonly password = el('input', { type: 'password', testid: 'signin-password', 'aria-label': 'Password' });
  private readonly error = el('div', { class: 'field-error', role: 'alert', testid: 'signin-error' });
  private readonly submit = el('button', { class: 'btn btn-primary', type: 'submit', testid: 'signin-submit' }, 'Sign in');

  constructor(private readonly onSignedIn: (session: Session) => void) {
    for (const input of [this.token, this.username, this.password]) {
      input.setAttribute('autocomplete', 'off');
      input.spellcheck = false;
    }
    const form = el(
      'form',
      { class: 'signin-form', testid: 'signin-form', on: { submit: (e) => this.send(e) } },
      el('h2', {}, 'Sign in to Pyrometer'),
      el('label', { class: 'signin-field' }, el('span', { class: 'field-label' }, 'API token'), this.token),
      el('div', { class: 'status-hint' }, 'A token with the read scope, e.g. from `tokens create --scope=read`.'),
      el(
        'details',
        { class: 'signin-admin' },
        el('summary', {}, 'Local admin'),
        el('label', { class: 'signin-field' }, el('span', { class: 'field-label' }, 'User'), this.username),
        el('label', { class: 'signin-field' }, el('span', { class: 'field-label' }, 'Password'), this.password),
      ),
      this.error,
      this.submit,
    );
    this.element = el('main', { class: 'signin-page', testid: 'signin-page' }, form);
  }

  private send(e: SubmitEvent): void {
    e.preventDefault();
    const credentials: Credentials | null = this.token.value.trim()
      ? { token: this.token.value.trim() }
      : this.username.value && this.password.value
        ? { username: this.username.value, password: this.password.value }
        : null;
    if (credentials === null) {
      this.error.textContent = 'Paste an API token, or give the local admin user and password.';
      return;
    }
    this.token.value = '';
    this.password.value = '';
    this.error.textContent = '';
    this.submit.disabled = true;
    signIn(credentials).then(
      (session) => {
        this.submit.disabled = false;
        this.onSignedIn(session);
      },
      (failure: unknown) => {
        this.submit.disabled = false;
        this.error.textContent = failure instanceof Error ? failure.message : String(failure);
      },
    );
  }
}
