// Browser check of services pushed by real profiling clients (compat-tests' RealClientsIT starts them): the
// services overview lists every one, each opens in the explorer from its row, and the explorer shows the
// expected hot function first in the top table of the given type.
//
//   BASE_URL=http://127.0.0.1:4040 E2E_SERVICES='svc-a|TYPE|HOT;svc-b|TYPE|HOT' node e2e/compat-services.mjs
//
// Env: BASE_URL, SCREENSHOT_DIR (default target/screenshots), CHROMIUM (default /usr/bin/chromium), and
// E2E_SERVICES: entries separated by ';', each "service|profile type|hot function" (the first row of that
// type's top table). Screenshots: compat-overview.png and compat-<service>.png.
import { resolve } from 'node:path';
import { launch, newPage } from './lib/browser.mjs';
import { checks } from './lib/checks.mjs';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:4040').replace(/\/$/, '');
const SHOTS = resolve(process.env.SCREENSHOT_DIR || 'target/screenshots');
const SERVICES = (process.env.E2E_SERVICES || '')
  .split(';')
  .filter((entry) => entry.trim() !== '')
  .map((entry) => {
    const [name, type, hot] = entry.split('|');
    return { name, type, hot };
  });
// A loaded 2-core machine: generous waits, every one for a condition.
const TIMEOUT = 60_000;

const { ok, check, shot, run } = checks(SHOTS);

async function main() {
  check(SERVICES.length > 0, 'E2E_SERVICES names the services to check');
  const browser = await launch();
  try {
    const { page, problems, dialogs } = await newPage(browser);

    await page.goto(BASE + '/?from=now-15m');
    for (const { name } of SERVICES) {
      await page.waitForSelector(`tr[data-service="${name}"] [data-testid="overview-service"]`, { timeout: TIMEOUT });
      ok('the services overview lists ' + name);
    }
    await shot(page, 'compat-overview');

    for (const { name, type, hot } of SERVICES) {
      await page.goto(BASE + '/?from=now-15m');
      await page.locator(`tr[data-service="${name}"] [data-testid="overview-service"]`).click({ timeout: TIMEOUT });
      await page.waitForURL((u) => u.pathname === '/explore' && u.searchParams.get('service') === name, { timeout: TIMEOUT });
      await page.waitForSelector('.flame-panel[data-state="ready"]', { timeout: TIMEOUT });
      ok(name + ': its row opens the explorer (' + new URL(page.url()).searchParams.get('type') + ')');

      const explore = new URL(BASE + '/explore');
      explore.search = new URLSearchParams({ service: name, type, from: 'now-15m', tab: 'flame' }).toString();
      await page.goto(explore.toString());
      // The top table is filled whichever tab shows; it may be hidden behind the flame graph's tab.
      await page.waitForSelector('.top-panel[data-state="ready"]', { state: 'attached', timeout: TIMEOUT });
      await page.waitForSelector('.flame-panel[data-state="ready"]', { timeout: TIMEOUT });
      await page
        .waitForFunction((h) => document.querySelector('[data-testid="top-table"] tbody tr td')?.textContent === h, hot, { timeout: TIMEOUT })
        .catch(() => {});
      const first = await page.locator('[data-testid="top-table"] tbody tr:first-child td:first-child').textContent({ timeout: TIMEOUT });
      check(first === hot, `${name}: the ${type} top table starts with ${hot}`, first);
      await shot(page, 'compat-' + name);
    }
    check(problems.length === 0, 'no console or page errors', problems.join('; '));
    check(dialogs.length === 0, 'no dialog opened', dialogs.join('; '));
  } finally {
    await browser.close();
  }
}

run(main);
