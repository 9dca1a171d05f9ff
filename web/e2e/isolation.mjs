// The dashboard cell of the isolation matrix (compat-tests IsolationMatrixIT): a session for one tenant, over HTTPS
// against query-service processes that require tokens, never shows another tenant's services, whatever the URL or
// a request names. Prints one "ok" line per check, exits non-zero at the first failure. The token is never printed.
//
// Env: BASE_URL (https://…), SCREENSHOT_DIR, CHROMIUM; E2E_TOKEN (read token of tenant E2E_OWN only),
// E2E_OWN, E2E_OTHER (tenant names), E2E_OWN_SERVICES (comma-separated: exactly what E2E_OWN holds),
// E2E_OTHER_MARKER (text in every name of E2E_OTHER's services and functions).
import { resolve } from 'node:path';
import { checks, requiredEnv } from './lib/checks.mjs';
import { launch, newPage } from './lib/browser.mjs';

const env = requiredEnv;
const BASE = env('BASE_URL').replace(/\/$/, '');
const SHOTS = resolve(process.env.SCREENSHOT_DIR || 'target/screenshots');
const TOKEN = env('E2E_TOKEN');
const OWN = env('E2E_OWN');
const OTHER = env('E2E_OTHER');
const OWN_SERVICES = env('E2E_OWN_SERVICES').split(',').sort();
const OTHER_MARKER = env('E2E_OTHER_MARKER');
const TIMEOUT = 30_000;

const { check, shot, run } = checks(SHOTS);

async function listedServices(page) {
  await page.waitForSelector('[data-testid="overview-table"] tbody tr', { timeout: TIMEOUT });
  return (await page.locator('[data-testid="overview-service"]').allTextContents()).sort();
}

/** Status and body of a same-origin GET made by the page, with its cookie. */
async function apiGet(page, path, headers = {}) {
  return page.evaluate(async ([p, h]) => {
    const response = await fetch(p, { headers: h });
    return { status: response.status, body: await response.text() };
  }, [path, headers]);
}

run(async () => {
  check(BASE.startsWith('https://'), 'the dashboard is served over HTTPS', BASE);
  const browser = await launch();
  try {
    const { context, page } = await newPage(browser, { ignoreHTTPSErrors: true });
    await page.goto(BASE + '/');
    await page.getByTestId('signin-page').waitFor({ timeout: TIMEOUT });
    check((await apiGet(page, '/api/v1/overview?from=now-1h&to=now')).status === 401, 'without a session the overview answers 401');

    await page.getByTestId('signin-token').fill(TOKEN);
    await page.getByTestId('signin-submit').click();
    const services = await listedServices(page);
    check(JSON.stringify(services) === JSON.stringify(OWN_SERVICES), `signed in as ${OWN}, the overview lists exactly its services`, services.join(', '));
    check(!(await page.content()).includes(OTHER_MARKER), `no name of ${OTHER} appears on the page`);
    check((await page.getByTestId('tenant-switcher').count()) === 0 || !(await page.getByTestId('tenant-switcher').isVisible()),
      'a one-tenant session has no tenant switcher');

    await page.goto(`${BASE}/?tenant=${OTHER}`);
    const fallback = await listedServices(page);
    check(JSON.stringify(fallback) === JSON.stringify(OWN_SERVICES), `a link naming ${OTHER} still shows ${OWN}'s services only`, fallback.join(', '));
    check(!(await page.content()).includes(OTHER_MARKER), `after the link naming ${OTHER}, no name of ${OTHER} appears`);
    for (const [how, path, headers] of [
      ['parameter', `/api/v1/catalog/services?from=now-1h&to=now&tenant=${OTHER}`, {}],
      ['header', '/api/v1/overview?from=now-1h&to=now', { 'X-Scope-OrgID': OTHER }],
    ]) {
      const answer = await apiGet(page, path, headers);
      check(answer.status === 403 && !answer.body.includes(OTHER_MARKER), `the session's fetch naming ${OTHER} by ${how} is refused (403) with none of its data`,
        answer.status + ' ' + answer.body);
    }
    const own = await apiGet(page, '/api/v1/catalog/services?from=now-1h&to=now');
    check(own.status === 200 && !own.body.includes(OTHER_MARKER), `the session's own catalog holds no service of ${OTHER}`, own.body);
    await shot(page, 'isolation-signed-in');

    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin-page').waitFor({ timeout: TIMEOUT });
    check((await apiGet(page, '/api/v1/overview?from=now-1h&to=now')).status === 401, 'after signing out the overview answers 401');
    await context.close();
  } finally {
    await browser.close();
  }
});
