// Measures, in Chromium, how the services overview and the tag explorer perform on whatever data a running
// query-service holds (the query benchmark's fleet, typically). Prints figures; asserts nothing about time.
//
//   BASE_URL=http://127.0.0.1:4290 TENANT=bench-query FROM=2026-11-30T00:46:40Z TO=2026-12-01T00:46:40Z SERVICE=svc00 LABEL=pod \
//     RUNS=5 npm run bench:views
//
// Each run opens a fresh page: "first contentful paint" is the browser's own entry; "drawn" is when the view's
// table (with its sparklines or chart) is on screen, in ms since navigation; an interaction runs from the
// action to the condition that shows its result.
import { launch, newPage } from './lib/browser.mjs';

const env = (name, fallback) => process.env[name] || fallback;
const BASE = env('BASE_URL', 'http://127.0.0.1:4040').replace(/\/$/, '');
const FROM = env('FROM', 'now-24h');
const TO = env('TO', 'now');
const SERVICE = env('SERVICE', 'svc00');
const LABEL = env('LABEL', 'pod');
const TENANT = env('TENANT', 'default');
const TYPE = env('TYPE', 'process_cpu:cpu:nanoseconds:cpu:nanoseconds');
const RUNS = Number(env('RUNS', '5'));
const TIMEOUT = 120_000;

const samples = new Map();
const record = (name, ms) => samples.set(name, [...(samples.get(name) ?? []), ms]);

async function sinceNavigation(page) {
  return page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    now: performance.now(),
  }));
}

async function timed(name, act, done) {
  const t0 = performance.now();
  await act();
  await done();
  record(name, performance.now() - t0);
}

async function overview(page) {
  await page.goto(`${BASE}/?` + new URLSearchParams({ tenant: TENANT, from: FROM, to: TO }));
  await page.waitForSelector('[data-testid="overview-table"] tbody tr', { timeout: TIMEOUT });
  const t = await sinceNavigation(page);
  record('services overview: first contentful paint', t.fcp);
  record('services overview: table with sparklines drawn', t.now);
  const rows = await page.locator('[data-testid="overview-table"] tbody tr').count();
  await timed('services overview: search until filtered', () => page.getByTestId('overview-search').fill(SERVICE),
    () => page.waitForFunction((n) => document.querySelectorAll('[data-testid="overview-table"] tbody tr').length < n, rows, { timeout: TIMEOUT }));
}

async function tags(page) {
  await page.goto(`${BASE}/tags?` + new URLSearchParams({ tenant: TENANT, service: SERVICE, type: TYPE, by: LABEL, from: FROM, to: TO }));
  await page.waitForSelector('[data-testid="tags-panel"][data-state="ready"]', { timeout: TIMEOUT });
  await page.waitForSelector('[data-testid="tags-table"] tbody tr', { timeout: TIMEOUT });
  const t = await sinceNavigation(page);
  record('tag explorer: first contentful paint', t.fcp);
  record('tag explorer: chart and table drawn', t.now);
  await timed('tag explorer: click a value until Explore shows its top table',
    () => page.locator('[data-testid="tag-value"]').first().click(),
    () => page.waitForSelector('[data-testid="top-table"] tbody tr', { timeout: TIMEOUT }));
}

async function main() {
  const browser = await launch();
  try {
    for (let run = 0; run < RUNS; run++) {
      const { page } = await newPage(browser);
      await overview(page);
      await page.close();
      const second = await newPage(browser);
      await tags(second.page);
      await second.page.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`views on ${BASE} (tenant ${TENANT}), ${SERVICE} by ${LABEL}, ${FROM} to ${TO}; ${RUNS} runs (the first run included), ms:`);
  for (const [name, values] of samples) {
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`  ${name.padEnd(64)} median ${median.toFixed(0).padStart(6)}   min ${sorted[0].toFixed(0).padStart(6)}   max ${sorted[sorted.length - 1].toFixed(0).padStart(6)}`);
  }
}

main().catch((e) => {
  console.log('FAILED - ' + (e instanceof Error ? e.message : String(e)));
  process.exit(1);
});
