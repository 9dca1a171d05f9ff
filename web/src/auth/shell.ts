import { UNAUTHENTICATED_EVENT } from '../api/client';
import { currentSession, type Session } from '../api/session';
import { App } from '../app';
import { el } from '../ui/dom';
import { setAuthenticationRequired } from './mode';
import { SignInPage } from './sign-in';

/**
 * Decides what the page shows: the dashboard when the service asks for no credentials or a session exists,
 * the sign-in page otherwise, and again whenever an API call answers 401 (session expired or revoked).
 * Signing in reloads the page, so the dashboard starts from the URL with the new session.
 */
export function startShell(root: HTMLElement): void {
  currentSession().then(
    (session) => {
      setAuthenticationRequired(session.authentication !== 'off');
      if (session.authentication === 'off') {
        new App(root).start();
      } else if (session.signedIn) {
        window.addEventListener(UNAUTHENTICATED_EVENT, () => showSignIn(root), { once: true });
        new App(root, session).start();
      } else {
        showSignIn(root);
      }
    },
    (e: unknown) => {
      root.replaceChildren(el('main', { class: 'signin-page' }, el('div', { class: 'field-error', role: 'alert' }, e instanceof Error ? e.message : String(e))));
    },
  );
}

function showSignIn(root: HTMLElement): void {
  const page = new SignInPage((_: Session) => window.location.reload());
  root.replaceChildren(page.element);
  document.title = 'Pyrometer · Sign in';
}
