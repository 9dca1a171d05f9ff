// Browser checks of sign-in, the tenant switcher and sign-out, over HTTPS against a query-service that requires
// tokens (SessionBrowserIT seeds TenantsSeed and makes the tokens). Prints one "ok" line per check, saves
// screenshots, exits non-zero at the first failure. Tokens come in the environment and are never printed.
//
// Env: BASE_URL (https://…), SCREENSHOT_DIR, CHROMIUM; E2E_TOKEN_AB (read token for tenants A and B),
// E2E_TOKEN_PUSH (push-only token), E2E_A, E2E_B (tenant names), E2E_A_SERVICES, E2E_B_SERVICES (comma-separated),
// E2E_C_SERVICE (a service of a tenant neither token may read).
import { resolve } from 'node:path';
import { checks, requiredEnv } from './lib/checks.mjs';
import { launch, newPage } from './lib/browser.mjs';

const env = requiredEnv;
const BASE = env('BASE_URL').replace(/\/$/, '');
const SHOTS = resolve(process.env.SCREENSHOT_DIR || 'target/screenshots');
const TOKEN_AB = env('E2E_TOKEN_AB');
const TOKEN_PUSH = env('E2E_TOKEN_PUSH');
const A = env('E2E_A');
const B = env('E2E_B');
const A_SERVICES = env('E2E_A_SERVICES').split(',');
const B_SERVICES = env('E2E_B_SERVICES').split(',');
const C_SERVICE = env('E2E_C_SERVICE');
const TIMEOUT = 30_000;

const { check, shot, run } = checks(SHOTS);

/** The overview's service names once its table has rows. */
async function listedServices(page) {
  await page.waitForSelector('[data-testid="overview-table"] tbody tr', { timeout: TIMEOUT });
  return (await page.locator('[data-testid="overview-service"]').allTextContents()).sort();
}

/** Status of a same-origin API GET made by the page (with its cookies, as the dashboard makes them). */
async function apiStatus(page, path, headers = {}) {
  return page.evaluate(async ([p, h]) => (await fetch(p, { headers: h })).status, [path, headers]);
}

run(async () => {
  check(BASE.startsWith('https://'), 'the dashboard is served over HTTPS', BASE);
  const browser = await launch();
  try {
    const { context, page, problems } = await newPage(browser, { ignoreHTTPSErrors: true });

    // No session: the sign-in page, and no data from any API.
    await page.goto(BASE + '/');
    await page.getByTestId('signin-page').waitFor({ timeout: TIMEOUT });
    check((await page.locator('[data-testid="overview-table"]').count()) === 0, 'without a session the page shows the sign-in form and no data');
    check((await apiStatus(page, '/api/v1/catalog/services?from=now-1h&to=now')) === 401, 'without a session the catalog answers 401');
    check((await apiStatus(page, `/api/v1/overview?from=now-1h&to=now&tenant=${A}`)) === 401, 'without a session the overview answers 401, whatever tenant it names');
    await shot(page, 'signin');

    // Wrong credentials: an error on the form, no cookie.
    await page.getByTestId('signin-token').fill('pyro_notarealtoken_' + 'x'.repeat(43));
    await page.getByTestId('signin-submit').click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="signin-error"]')?.textContent ?? '') !== '', null, { timeout: TIMEOUT });
    check((await context.cookies()).length === 0, 'a wrong token sets no cookie', await page.getByTestId('signin-error').textContent());
    await page.getByTestId('signin-token').fill(TOKEN_PUSH);
    await page.getByTestId('signin-submit').click();
    await page.waitForFunction(() => /scope read/.test(document.querySelector('[data-testid="signin-error"]')?.textContent ?? ''), null, { timeout: TIMEOUT });
    check((await context.cookies()).length === 0, 'a push-only token cannot sign in to the dashboard (it lacks scope read)');

    // Sign in with the token of A and B: A's services first.
    await page.getByTestId('signin-token').fill(TOKEN_AB);
    await page.getByTestId('signin-submit').click();
    const first = await listedServices(page);
    check(JSON.stringify(first) === JSON.stringify([...A_SERVICES].sort()), `signed in, the overview lists ${A}'s services only`, first.join(', '));
    check(new URL(page.url()).searchParams.get('tenant') === A, `the URL names tenant ${A}`, page.url());
    check((await page.getByTestId('signin-token').count()) === 0, 'the sign-in form is gone');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'pyrometer_session');
    check(session !== undefined, 'the session cookie is set', cookies.map((c) => c.name).join(', '));
    check(session.httpOnly === true, 'the session cookie is HttpOnly');
    check(session.secure === true, 'the session cookie is Secure');
    check(session.sameSite === 'Strict', 'the session cookie is SameSite=Strict', session.sameSite);
    check(session.path === '/', 'the session cookie has Path=/', session.path);
    check(!session.value.includes(TOKEN_AB.slice(-20)), 'the cookie does not hold the token readable');
    check((await page.evaluate(() => document.cookie)) === '', 'page script cannot read the session cookie');
    check((await apiStatus(page, '/api/v1/catalog/services?from=now-1h&to=now', { 'X-Scope-OrgID': 'team-c' })) === 403,
      'a tenant the token does not hold is refused (403), even with the session');
    await shot(page, 'signed-in-a');

    // The tenant switcher: B's services, and B in the URL.
    const switcher = page.getByTestId('tenant-switcher');
    check(await switcher.isVisible(), 'the tenant switcher shows for a session with two tenants');
    const options = await switcher.locator('option').allTextContents();
    check(JSON.stringify(options) === JSON.stringify([A, B]), 'it offers exactly the token\'s tenants', options.join(', '));
    await switcher.selectOption(B);
    await page.waitForFunction(
      (names) => JSON.stringify([...document.querySelectorAll('[data-testid="overview-service"]')].map((n) => n.textContent).sort()) === JSON.stringify(names),
      [...B_SERVICES].sort(),
      { timeout: TIMEOUT },
    );
    check(new URL(page.url()).searchParams.get('tenant') === B, `switched, the URL names tenant ${B}`, page.url());
    const second = await listedServices(page);
    check(JSON.stringify(second) === JSON.stringify([...B_SERVICES].sort()), `the overview lists ${B}'s services only`, second.join(', '));
    check(!(await page.content()).includes(C_SERVICE), 'no service of a third tenant appears anywhere');
    await shot(page, 'signed-in-b');

    // A URL naming a tenant outside the token falls back to one of its own.
    await page.goto(BASE + '/?tenant=team-c');
    const fallback = await listedServices(page);
    check(JSON.stringify(fallback) === JSON.stringify([...A_SERVICES].sort()) && new URL(page.url()).searchParams.get('tenant') === A,
      'a link naming another tenant opens the session\'s first tenant instead', page.url());

    // The go tool pprof command carries a token placeholder, never the token.
    await page.goto(`${BASE}/explore?tenant=${A}&service=${A_SERVICES[0]}`);
    await page.getByTestId('export').click();
    const command = await page.getByTestId('pprof-command').inputValue();
    check(command.includes(`://${A}:\${PYROMETER_TOKEN}@`) && !command.includes(TOKEN_AB), 'the go tool pprof command has TENANT:${PYROMETER_TOKEN} user-info, not the token', command);

    // Sign out: back to the sign-in page, cookie gone, data refused.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin-page').waitFor({ timeout: TIMEOUT });
    check(!(await context.cookies()).some((c) => c.name === 'pyrometer_session' && c.value !== ''), 'signing out clears the session cookie');
    check((await apiStatus(page, '/api/v1/catalog/services?from=now-1h&to=now')) === 401, 'after signing out the API answers 401');
    await page.goto(`${BASE}/?tenant=${B}`);
    await page.getByTestId('signin-page').waitFor({ timeout: TIMEOUT });
    check((await page.locator('[data-testid="overview-service"]').count()) === 0, 'reopening the dashboard shows the sign-in page and no data');
    await shot(page, 'signed-out');

    const leaked = problems.filter((p) => p.includes(TOKEN_AB) || p.includes(TOKEN_PUSH));
    check(leaked.length === 0, 'no console message holds a token');
    // 401s of signed-out fetches are expected console errors; anything else is a problem.
    const unexpected = problems.filter((p) => !/401|403|Unauthorized|Forbidden/.test(p));
    check(unexpected.length === 0, 'no unexpected page or console errors', unexpected.join(' | '));
    await context.close();
  } finally {
    await browser.close();
  }
});
