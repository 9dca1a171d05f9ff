// Browser checks of the services overview (/) and the tag explorer (/tags), run against a running
// query-service with seeded data (ViewsBrowserIT seeds ViewsSeed). Prints one "ok" line per check, the
// measured first-paint and interaction times (never asserted), saves screenshots, exits non-zero at the
// first failure.
//
//   BASE_URL=http://127.0.0.1:4040 E2E_TENANT=views node e2e/views.mjs
//
// Env: BASE_URL, SCREENSHOT_DIR, CHROMIUM, and the seed's names: E2E_TENANT, E2E_ORDER (services, costliest
// first, comma-separated), E2E_TAG_SERVICE, E2E_V1, E2E_V2 (its versions), E2E_XSS (a version and a function
// named like markup), E2E_XSS_SERVICE (whose top function that is), E2E_NO_CPU (the service without CPU),
// E2E_FROM and E2E_TO (the seed's hour, RFC 3339, for the tag explorer; the overview shows the last hour).
import { resolve } from 'node:path';
import { checks } from './lib/checks.mjs';
import { launch, newPage } from './lib/browser.mjs';

const env = (name, fallback) => process.env[name] || fallback;
const BASE = env('BASE_URL', 'http://127.0.0.1:4040').replace(/\/$/, '');
const SHOTS = resolve(env('SCREENSHOT_DIR', 'target/screenshots'));
const TENANT = env('E2E_TENANT', 'views');
const ORDER = env('E2E_ORDER', 'checkout,search,billing,queue').split(',');
const TAG_SERVICE = env('E2E_TAG_SERVICE', 'checkout');
const V1 = env('E2E_V1', 'v1.4.0');
const V2 = env('E2E_V2', 'v1.5.0');
const XSS = env('E2E_XSS', '<img src=x onerror=alert(1)>');
const XSS_SERVICE = env('E2E_XSS_SERVICE', 'billing');
const NO_CPU = env('E2E_NO_CPU', 'queue');
const FROM = env('E2E_FROM', 'now-1h');
const TO = env('E2E_TO', 'now');
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const TIMEOUT = 30_000;

const { check, ok, shot, run } = checks(SHOTS);
const timings = [];

/** GET an API path with the tenant header, from the page (same origin). */
async function api(page, path) {
  return page.evaluate(
    async ([p, tenant]) => {
      const r = await fetch('/api/v1' + p, { headers: { 'X-Scope-OrgID': tenant, Accept: 'application/json' } });
      if (!r.ok) throw new Error(p + ' answered ' + r.status + ': ' + (await r.text()));
      return r.json();
    },
    [path, TENANT],
  );
}

const q = (params) => new URLSearchParams(params).toString();
const selector = (service, extra = '') => `{service_name="${service}"${extra}}`;

async function ready(page, panel) {
  await page.waitForSelector(`[data-testid="${panel}"][data-state="ready"]`, { timeout: TIMEOUT });
}

/** Milliseconds from just before {@code act} until {@code done} resolves (CDP round trips included). */
async function timed(name, act, done) {
  const t0 = performance.now();
  await act();
  await done();
  const ms = performance.now() - t0;
  timings.push([name, ms]);
  return ms;
}

/** Records the page's first contentful paint and now ({@code what} just appeared), in ms since navigation. */
async function paintTimes(page, view, what) {
  const paint = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
    now: performance.now(),
  }));
  timings.push([view + ': first contentful paint (ms since navigation)', paint.fcp]);
  timings.push([view + ': ' + what + ' (ms since navigation)', paint.now]);
}

/** The share in percent a table cell shows, e.g. "62.5%" → 62.5. */
const percentOf = (text) => parseFloat(text.replace('%', ''));

async function overview(page) {
  // First paint: from navigation start to the table's rows, measured in the page.
  // The answer the page drew from: "now-1h" slides, so a later request may hold one step fewer.
  const drawnFrom = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/overview' && r.ok(), { timeout: TIMEOUT });
  await page.goto(`${BASE}/?tenant=${TENANT}`);
  await page.waitForSelector('[data-testid="overview-table"] tbody tr', { timeout: TIMEOUT });
  await paintTimes(page, 'overview', 'table with sparklines drawn')
  const drawn = await (await drawnFrom).json();
  check(new URL(page.url()).pathname === '/', 'the root is the services overview', page.url());
  check((await page.getByTestId('nav-overview').getAttribute('aria-current')) === 'page', 'the nav marks Services as the current view');

  const names = await page.locator('[data-testid="overview-service"]').allTextContents();
  check(JSON.stringify(names) === JSON.stringify(ORDER), 'services are listed costliest first: ' + ORDER.join(', '), names.join(', '));
  const answer = await api(page, '/overview?' + q({ from: 'now-1h', to: 'now', limit: '200' }));
  check(JSON.stringify(answer.services.map((s) => s.name)) === JSON.stringify(ORDER), 'the API gives the same order');
  // Independently: each service's merged CPU total from /top, in the listed order, never increases.
  const totals = [];
  for (const name of ORDER) {
    const top = await api(page, '/top?' + q({ profileType: CPU, query: selector(name), from: 'now-1h', to: 'now', limit: '1' }));
    totals.push(top.window.total);
  }
  check(totals.every((t, i) => i === 0 || t <= totals[i - 1]), 'the order is the order of the services\' CPU totals from /top', totals.join(' ≥ '));
  check(totals[totals.length - 1] === 0, NO_CPU + ' has no CPU and comes last');

  for (const service of drawn.services) {
    const row = page.locator(`tr[data-service="${service.name}"]`);
    for (const type of ['cpu', 'inuse_space', 'goroutine']) {
      const line = service.sparklines.find((l) => l.sampleType === type);
      const cell = row.locator(`td[data-type="${type}"]`);
      if (line) {
        const points = await cell.locator('polyline').getAttribute('points');
        const expected = line.values.filter((v) => v !== null).length;
        const steps = points.trim().split(/\s+/).length;
        check(steps === expected && expected > 1, `${service.name}: the ${type} sparkline draws its ${expected} steps`, String(steps));
      } else {
        check((await cell.textContent()) === '–' && (await cell.locator('svg').count()) === 0, `${service.name}: no ${type} sparkline (no such profiles)`);
      }
    }
    const top = await row.locator('[data-testid="overview-top"]').textContent();
    const expectedTop = await api(page, '/top?' + q({ profileType: service.topType, query: selector(service.name), from: 'now-1h', to: 'now', limit: '1' }));
    check(top === expectedTop.rows[0].function, `${service.name}: its top function is /top's first row (${top})`, top);
  }
  const xssTop = await page.locator(`tr[data-service="${XSS_SERVICE}"] [data-testid="overview-top"]`).textContent();
  check(xssTop === XSS, 'a function named like markup is shown as text', xssTop);
  check((await page.locator('[data-testid="view-overview"] img').count()) === 0, 'no element was injected from a name');
  const shares = (await page.locator('[data-testid="overview-cost"]').allTextContents());
  // the shares of the answer the page drew: a later one may start a step later and weigh the services differently
  const costSum = drawn.services.reduce((s, x) => s + (x.cost ?? 0), 0);
  drawn.services.forEach((s, i) => {
    const expected = s.cost === null ? null : (100 * s.cost) / costSum;
    const shown = shares[i];
    check(expected === null ? shown === '–' : Math.abs(percentOf(shown) - expected) <= 0.05, `${s.name}: CPU share ${shown}`, String(expected));
  });
  await shot(page, 'overview');

  // Search narrows the list by name, in the URL.
  const search = page.getByTestId('overview-search');
  const ms = await timed(
    'overview: type a search until the list is filtered',
    () => search.fill('BILL'),
    () => page.waitForFunction(() => document.querySelectorAll('[data-testid="overview-table"] tbody tr').length === 1, null, { timeout: TIMEOUT }),
  );
  const left = await page.locator('[data-testid="overview-service"]').allTextContents();
  check(JSON.stringify(left) === JSON.stringify([XSS_SERVICE]), 'searching "BILL" leaves only ' + XSS_SERVICE + ` (${ms.toFixed(0)} ms)`, left.join(', '));
  check(new URL(page.url()).searchParams.get('search') === 'BILL', 'the search is in the URL');
  await shot(page, 'overview-search');
  await search.fill('');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="overview-table"] tbody tr').length === n, ORDER.length, { timeout: TIMEOUT });
  ok('clearing the search lists every service again');

  // Explore stays one click away.
  await page.getByTestId('nav-explore').click();
  await page.waitForURL((u) => u.pathname === '/explore', { timeout: TIMEOUT });
  ok('the nav opens Explore');
}

async function tags(page) {
  const url = `${BASE}/tags?` + q({ tenant: TENANT, service: TAG_SERVICE, type: CPU, by: 'version', from: FROM, to: TO });
  await page.goto(url);
  await ready(page, 'tags-panel');
  await page.waitForSelector('[data-testid="tags-table"] tbody tr', { timeout: TIMEOUT });
  await paintTimes(page, 'tags', 'chart and table drawn')
  check((await page.getByTestId('tag-label').inputValue()) === 'version', 'the label picker shows "version"');

  const timeline = await api(page, '/timeline?' + q({ profileType: CPU, query: selector(TAG_SERVICE), from: FROM, to: TO, groupBy: 'version' }));
  const lines = timeline.lines.map((l) => {
    const values = l.values;
    const half = Math.floor(values.length / 2);
    const sum = (vs) => vs.reduce((s, v) => s + (v ?? 0), 0);
    const count = (vs) => vs.filter((v) => v !== null).length;
    const first = values.slice(0, half);
    const second = values.slice(half);
    return {
      value: l.labels.version,
      area: sum(values),
      firstMean: count(first) ? sum(first) / count(first) : null,
      secondMean: count(second) ? sum(second) / count(second) : null,
    };
  });
  const total = lines.reduce((s, l) => s + l.area, 0);
  const expectedValues = lines.slice().sort((a, b) => b.area - a.area || (a.value < b.value ? -1 : 1)).map((l) => l.value);
  check(JSON.stringify(expectedValues.slice().sort()) === JSON.stringify([V1, V2, XSS].sort()), 'the API gives one line per version');
  const shown = await page.locator('[data-testid="tag-value"]').allTextContents();
  check(JSON.stringify(shown) === JSON.stringify(expectedValues), 'the table lists every version, largest share first', shown.join(', '));
  const legend = await page.locator('[data-testid="tag-legend"] li').allTextContents();
  check(JSON.stringify(legend) === JSON.stringify(expectedValues), 'the chart\'s legend names one line per version, in the same order', legend.join(', '));
  // Each line's colour is on the canvas: [r, g, b] of the legend's swatches, in order.
  const painted = await page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="tag-chart"] canvas');
    const swatches = [...document.querySelectorAll('[data-testid="tag-legend"] .group-swatch')].map((s) =>
      getComputedStyle(s).backgroundColor.match(/\d+/g).slice(0, 3).map(Number));
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    return swatches.map(([r, g, b]) => {
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) < 8 && Math.abs(data[i + 1] - g) < 8 && Math.abs(data[i + 2] - b) < 8 && data[i + 3] > 200) n++;
      }
      return n;
    });
  });
  check(painted.length === expectedValues.length && painted.every((n) => n > 20), 'every version\'s line is drawn on the chart in its legend colour', painted.join(', '));
  const shares = await page.locator('[data-testid="tag-share"]').allTextContents();
  const changes = await page.locator('[data-testid="tag-change"]').allTextContents();
  expectedValues.forEach((value, i) => {
    const line = lines.find((l) => l.value === value);
    check(Math.abs(percentOf(shares[i]) - (100 * line.area) / total) <= 0.05, `${value}: share ${shares[i]} of the window`, String((100 * line.area) / total));
    const change = line.firstMean && line.secondMean !== null ? 100 * (line.secondMean / line.firstMean - 1) : null;
    check(change === null ? changes[i] === '–' : Math.abs(percentOf(changes[i]) - change) <= 0.05,
      `${value}: change ${changes[i]} from the first half of the window to the second`, String(change));
  });
  const v2Change = changes[expectedValues.indexOf(V2)];
  check(v2Change === '–', V2 + ', rolled out in the second half, has no first-half mean to compare with');
  check(percentOf(changes[expectedValues.indexOf(V1)]) < 0, V1 + ' shrank when one pod moved to ' + V2);
  check((await page.locator('[data-testid="view-tags"] img').count()) === 0, 'a version named like markup is text: no element was injected');
  await shot(page, 'tags');

  // Another label redraws.
  await timed(
    'tags: pick another label until the table is redrawn',
    () => page.getByTestId('tag-label').selectOption('pod'),
    () => page.waitForFunction(() => [...document.querySelectorAll('[data-testid="tag-value"]')].some((a) => a.textContent?.endsWith('-2')), null, { timeout: TIMEOUT }),
  );
  const pods = await page.locator('[data-testid="tag-value"]').allTextContents();
  check(pods.length === 3 && pods.every((p) => p.startsWith(TAG_SERVICE + '-')), 'by pod: one row per pod', pods.join(', '));
  await page.goBack();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('by') === 'version', null, { timeout: TIMEOUT });
  await page.waitForFunction((v) => [...document.querySelectorAll('[data-testid="tag-value"]')].some((a) => a.textContent === v), V2, { timeout: TIMEOUT });
  ok('back returns to the version view');

  // Clicking a value opens Explore filtered by it.
  const expectedTop = await api(page, '/top?' + q({ profileType: CPU, query: selector(TAG_SERVICE, `,version="${V2}"`), from: FROM, to: TO, limit: '1' }));
  await timed(
    'tags: click a value until Explore shows its top table',
    () => page.locator('[data-testid="tag-value"]', { hasText: V2 }).click(),
    () => page.waitForFunction((f) => document.querySelector('[data-testid="top-table"] tbody tr td')?.textContent === f, expectedTop.rows[0].function, { timeout: TIMEOUT }),
  );
  const target = new URL(page.url());
  check(target.pathname === '/explore', 'clicking ' + V2 + ' opens Explore', page.url());
  check(JSON.stringify(target.searchParams.getAll('f')) === JSON.stringify(['version=' + V2]) && target.searchParams.get('service') === TAG_SERVICE,
    'with the filter version=' + V2 + ' on ' + TAG_SERVICE, target.search);
  const summary = await page.getByTestId('top-summary').textContent();
  check(summary !== '', 'Explore\'s top table is for that selection; its first row is /top\'s for version=' + V2 + ': ' + expectedTop.rows[0].function);
  await shot(page, 'tags-filtered-explore');
}

async function main() {
  const browser = await launch();
  const { page, problems, dialogs } = await newPage(browser);
  try {
    await overview(page);
    await tags(page);
    check(dialogs.length === 0, 'no dialog opened', dialogs.join('; '));
    check(problems.length === 0, 'no page or console errors', problems.join('; '));
    for (const [name, ms] of timings) {
      console.log(`   timing ${name}: ${ms.toFixed(0)} ms`);
    }
  } catch (e) {
    await shot(page, 'views-failure').catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
}

run(main);
