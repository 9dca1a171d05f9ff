// Browser checks of "What changed" and "Growth", run against a running query-service with seeded data
// (InsightsBrowserIT seeds a fleet with a planted regression and records the demo Go service leaking).
// Prints one "ok" line per check, saves screenshots, exits non-zero at the first failure.
//
//   BASE_URL=http://127.0.0.1:4040 E2E_FROM=… E2E_TO=… E2E_LEAK_FROM=… E2E_LEAK_TO=… node e2e/insights.mjs
//
// Env: BASE_URL, SCREENSHOT_DIR, CHROMIUM, and the seed's names and windows: E2E_FLEET_TENANT, E2E_CPU_TYPE,
// E2E_PLANTED, E2E_PLANTED_SERVICE, E2E_XSS_FUNCTION, E2E_FROM, E2E_TO (the comparison window),
// E2E_LEAK_SERVICE, E2E_LEAK_FROM, E2E_LEAK_TO, E2E_HEAP_LEAK, E2E_GOROUTINE_LEAK.
import { resolve } from 'node:path';
import { checks } from './lib/checks.mjs';
import { launch, newPage } from './lib/browser.mjs';

const env = (name, fallback) => process.env[name] || fallback;
const BASE = env('BASE_URL', 'http://127.0.0.1:4040').replace(/\/$/, '');
const SHOTS = resolve(env('SCREENSHOT_DIR', 'target/screenshots'));
const TENANT = env('E2E_FLEET_TENANT', 'fleet');
const CPU = env('E2E_CPU_TYPE', 'process_cpu:cpu:nanoseconds:cpu:nanoseconds');
const PLANTED = env('E2E_PLANTED', 'main.f03');
const PLANTED_SERVICE = env('E2E_PLANTED_SERVICE', 'checkout');
const XSS = env('E2E_XSS_FUNCTION', '<img src=x onerror=alert(1)>');
const LEAK_SERVICE = env('E2E_LEAK_SERVICE', 'leaky');
const HEAP_LEAK = env('E2E_HEAP_LEAK', 'main.hoardMemory');
const GOROUTINE_LEAK = env('E2E_GOROUTINE_LEAK', 'main.stuckWaiter');
const TIMEOUT = 30_000;

const { check, shot, run } = checks(SHOTS);

async function ready(page, panel) {
  await page.waitForSelector(`[data-testid="${panel}"][data-state="ready"]`, { timeout: TIMEOUT });
}

async function firstRow(page, table) {
  return page.locator(`[data-testid="${table}"] tbody tr`).first();
}

async function main() {
  const browser = await launch();
  const { page, problems, dialogs } = await newPage(browser);
  try {
    // What changed: the fleet, this window against the same window a week earlier
    const changesUrl = `${BASE}/changes?tenant=${TENANT}&type=${encodeURIComponent(CPU)}&from=${encodeURIComponent(env('E2E_FROM', ''))}&to=${encodeURIComponent(env('E2E_TO', ''))}`;
    await page.goto(changesUrl);
    await ready(page, 'changes-panel');
    const verdict = await page.locator('[data-testid="changes-verdict"]').textContent();
    check(/^1 regression, 0 improvements/.test(verdict), 'the verdict names one regression', verdict);
    const top = await firstRow(page, 'changes-table');
    const topLink = top.locator('[data-testid="changes-link"]');
    check((await topLink.textContent()) === PLANTED, 'the planted regression is the first row', await topLink.textContent());
    check((await top.textContent()).includes(PLANTED_SERVICE), 'the first row names its service');
    check((await top.getAttribute('data-direction')) === 'regression', 'the first row is marked as a regression');
    check((await top.locator('svg.sparkline polyline').count()) === 2, 'the first row has a sparkline of both windows');
    const names = await page.locator('[data-testid="changes-table"] [data-testid="changes-link"]').allTextContents();
    check(names.includes(XSS), 'a function named like markup is listed as text', names.slice(0, 5).join(', '));
    check((await page.locator('[data-testid="changes-table"] img').count()) === 0, 'no element was injected from a function name');
    await shot(page, 'changes');

    await topLink.click();
    await page.waitForURL(/\/compare\?/, { timeout: TIMEOUT });
    const compareUrl = new URL(page.url());
    check(compareUrl.searchParams.get('search') === PLANTED && compareUrl.searchParams.get('service') === PLANTED_SERVICE,
      'the row opens the diff of its service, searched for the function', compareUrl.search);
    await page.waitForSelector('[data-testid="diff-table"] tbody tr', { timeout: TIMEOUT });
    await shot(page, 'changes-to-compare');

    // Growth: the demo Go service leaking heap and goroutines
    for (const [type, leak, name] of [
      ['memory:inuse_space:bytes:space:bytes', HEAP_LEAK, 'growth'],
      ['goroutine:goroutine:count:goroutine:count', GOROUTINE_LEAK, 'growth-goroutine'],
    ]) {
      await page.goto(`${BASE}/growth?service=${LEAK_SERVICE}&type=${encodeURIComponent(type)}&from=${encodeURIComponent(env('E2E_LEAK_FROM', ''))}&to=${encodeURIComponent(env('E2E_LEAK_TO', ''))}`);
      await ready(page, 'growth-panel');
      const first = await firstRow(page, 'growth-table');
      check((await first.locator('td').first().textContent()) === leak, `${leak} tops Growth for ${type.split(':')[1]}`, await first.textContent());
      check((await first.locator('svg.sparkline polyline').count()) === 1, 'its row has a sparkline');
      await shot(page, name);
    }

    check(dialogs.length === 0, 'no dialog was opened (no script ran from a name)', dialogs.join(', '));
    check(problems.length === 0, 'no page errors or console errors', problems.join('\n'));
  } catch (e) {
    console.log('   at ' + page.url());
    await shot(page, 'insights-failure').catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
}

run(main);
