// The diff tells growth, the diff table sorts by size of change, and the flame graph exports and opens again:
// run against a running query-service over DashboardSeed + GoroutineShiftSeed (DiffHonestyBrowserIT starts it).
// Prints one "ok" line per check, saves screenshots, and exits non-zero at the first failure.
//
//   BASE_URL=http://127.0.0.1:4040 node e2e/diff-honesty.mjs
//
// Env: BASE_URL, SCREENSHOT_DIR, CHROMIUM, and the seed's names and times: E2E_GOROUTINE_TYPE, E2E_LEAK_SERVICE,
// E2E_CHURN_SERVICE, E2E_LEAKER, E2E_CHURN_ORDER (comma-separated, by size of change), E2E_BEFORE_FROM,
// E2E_AFTER_FROM, E2E_NOW (ISO instants: before = [BEFORE_FROM, AFTER_FROM), after = [AFTER_FROM, NOW)),
// E2E_SERVICE, E2E_CPU_TYPE, E2E_TOP, E2E_XSS.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch, newPage } from './lib/browser.mjs';
import { isGrey, isRed, pixelWhere } from './lib/canvas.mjs';
import { checks } from './lib/checks.mjs';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:4040').replace(/\/$/, '');
const SHOTS = resolve(process.env.SCREENSHOT_DIR || 'target/screenshots');
const GTYPE = process.env.E2E_GOROUTINE_TYPE;
const LEAK = process.env.E2E_LEAK_SERVICE;
const CHURN = process.env.E2E_CHURN_SERVICE;
const LEAKER = process.env.E2E_LEAKER;
const CHURN_ORDER = (process.env.E2E_CHURN_ORDER || '').split(',');
const BEFORE_FROM = process.env.E2E_BEFORE_FROM;
const AFTER_FROM = process.env.E2E_AFTER_FROM;
const NOW = process.env.E2E_NOW;
const SERVICE = process.env.E2E_SERVICE || 'seedapp';
const CPU = process.env.E2E_CPU_TYPE || 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const TOP = process.env.E2E_TOP || 'main.increase2000';
const XSS = process.env.E2E_XSS || '<img src=x onerror=alert(1)>';
const TIMEOUT = 30_000;

const { check, shot, run } = checks(SHOTS);

function compareUrl(service, extra = {}) {
  return BASE + '/compare?' + new URLSearchParams({ type: GTYPE, service, from: AFTER_FROM, to: NOW, bservice: service, bfrom: BEFORE_FROM, bto: AFTER_FROM, ...extra });
}

/** The explorer over the seed service's last hour before NOW (absolute times, so every load is the same window). */
function exploreUrl(extra = {}) {
  return BASE + '/explore?' + new URLSearchParams({ service: SERVICE, type: CPU, from: AFTER_FROM, to: NOW, ...extra });
}

/** Waits until {@code graph} draws {@code name}; its widest visible frame in client coordinates. */
async function waitNode(page, graph, name) {
  const handle = await page.waitForFunction(([g, n]) => window.__pyrometer?.graphs[g]?.findNode(n) ?? null, [graph, name], { timeout: TIMEOUT });
  return handle.jsonValue();
}


/** The first column of the diff table's rows. */
const tableFunctions = (page) => page.$$eval('[data-testid="diff-table"] tbody tr', (rows) => rows.map((r) => r.children[0].textContent));

/** Clicks an export button and returns the download's suggested name and bytes. */
async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.getByTestId(testid).click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

async function main() {
  const browser = await launch();
  try {
    const { page, problems, dialogs: alerts } = await newPage(browser);

    // 1. A goroutine leak whose total grew +182 %, every share the same: absolute by default, painted as growth.
    await page.goto(compareUrl(LEAK));
    const leakRect = await waitNode(page, 'diff-flamegraph', LEAKER);
    check((await page.getByTestId('mode-absolute').getAttribute('aria-pressed')) === 'true', 'a goroutine diff opens in absolute mode');
    check(!new URL(page.url()).searchParams.has('mode'), 'with no mode in the URL (the default follows the type)');
    const note = await page.getByTestId('diff-note').textContent();
    check(note.includes('+182'), 'the note gives the total change +182 %', note);
    check(note.includes('average of 6 snapshots'), 'and says its totals are averages, with the snapshot count', note);
    const modeNote = await page.getByTestId('diff-mode-note').textContent();
    check(modeNote.startsWith('Absolute: compares values'), 'and says what absolute compares', modeNote);
    const absColor = await pixelWhere(page, 'diff-flamegraph', leakRect.x + 3, leakRect.y + 3, isRed, TIMEOUT);
    check(isRed(absColor), `the leaking ${LEAKER} is painted red (grew)`, String(absColor));
    const rootRect = await waitNode(page, 'diff-flamegraph', 'total');
    check(isRed(await pixelWhere(page, 'diff-flamegraph', rootRect.x + 3, rootRect.y + 3, isRed, TIMEOUT)), 'and so is the root: the total grew');
    await shot(page, 'diff-leak-absolute');

    await page.getByTestId('mode-relative').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="diff-mode-note"]')?.textContent.startsWith('Relative'), null, { timeout: TIMEOUT });
    const relNote = await page.getByTestId('diff-mode-note').textContent();
    check(relNote.includes("share of each window's average"), 'relative mode says it compares shares of each window’s average', relNote);
    const relRect = await waitNode(page, 'diff-flamegraph', LEAKER);
    const relColor = await pixelWhere(page, 'diff-flamegraph', relRect.x + 3, relRect.y + 3, isGrey, TIMEOUT);
    check(isGrey(relColor), 'where the same leak is grey: every share stayed the same', String(relColor));
    await shot(page, 'diff-leak-relative');

    // 2. The diff table by size of change: a −400 decrease ranks above a +300 increase, in the UI and the API.
    await page.goto(compareUrl(CHURN));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="diff-table"] tbody tr').length >= n, CHURN_ORDER.length, { timeout: TIMEOUT });
    const rows = await tableFunctions(page);
    check(JSON.stringify(rows.slice(0, CHURN_ORDER.length)) === JSON.stringify(CHURN_ORDER), 'the diff table lists functions by size of change, largest first', rows.join(', '));
    const changes = await page.$$eval('[data-testid="diff-table"] tbody tr', (trs) => trs.map((r) => r.children[3].textContent));
    check(changes[1].startsWith('−') || changes[1].startsWith('-'), 'the second row is the decrease', changes.join(' | '));
    const api = await page.evaluate(
      async (q) => (await (await fetch('/api/v1/diff?' + new URLSearchParams(q))).json()).table.map((r) => r.function),
      { profileType: GTYPE, query: `{service_name="${CHURN}"}`, leftFrom: BEFORE_FROM, leftTo: AFTER_FROM, rightFrom: AFTER_FROM, rightTo: NOW },
    );
    check(JSON.stringify(api.slice(0, CHURN_ORDER.length)) === JSON.stringify(CHURN_ORDER), 'the API’s diff table has the same order', api.join(', '));
    await shot(page, 'diff-table-by-size');

    // 3. Export: pprof, PNG, SVG and JSON named by service, type and window; the JSON opens to the same graph.
    await page.goto(exploreUrl({ tab: 'flame' }));
    await waitNode(page, 'flamegraph', TOP);
    const before = await page.evaluate(() => window.__pyrometer.graphs['flamegraph'].nodes());
    check(before.length > 10, `the flame graph has ${before.length} nodes`);
    await page.getByTestId('export').click();
    const stamp = (iso) => iso.slice(0, 16).replaceAll(':', '-');
    const stem = `${SERVICE}.process_cpu.${stamp(AFTER_FROM)}_${stamp(NOW)}`;
    const pprofName = await page.getByTestId('download-pprof').getAttribute('download');
    check(pprofName === stem + '.pb.gz', 'the pprof download is named ' + stem + '.pb.gz', pprofName);
    await shot(page, 'export-menu');
    const png = await download(page, 'export-png');
    check(png.name === stem + '.png', 'the PNG is named by service, type and window', png.name);
    check(png.bytes.subarray(1, 4).toString('latin1') === 'PNG' && png.bytes.length > 1000, `the PNG is an image (${png.bytes.length} bytes)`);
    await page.getByTestId('export').click();
    const svg = await download(page, 'export-svg');
    check(svg.name === stem + '.svg', 'the SVG is named by service, type and window', svg.name);
    const svgText = svg.bytes.toString('utf8');
    check(svgText.includes('<svg') && svgText.includes('>' + TOP), 'the SVG draws the frames with their names', svgText.slice(0, 200));
    check(svgText.includes('&lt;img src=x onerror=alert(1)&gt;') && !svgText.includes('<img'), 'the SVG carries the XSS-named function as escaped text');
    const svgPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await svgPage.setContent(`<html><body style="margin:0">${svgText.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
    check((await svgPage.$$eval('svg rect', (r) => r.length)) === (await svgPage.$$eval('svg g', (g) => g.length)), 'the SVG renders with one rect per frame');
    await shot(svgPage, 'export-svg');
    await svgPage.close();
    await page.getByTestId('export').click();
    const json = await download(page, 'export-json');
    check(json.name === stem + '.json', 'the JSON is named by service, type and window', json.name);
    const file = JSON.parse(json.bytes.toString('utf8'));
    check(file.version === 1 && file.metadata.format === 'single' && Array.isArray(file.flamebearer.levels), 'the JSON is a single flamebearer file');

    await page.goto(exploreUrl({ tab: 'top' }));
    await page.getByTestId('open-json-input').setInputFiles({ name: json.name, mimeType: 'application/json', buffer: json.bytes });
    await page.waitForSelector('[data-testid="imported-note"]:not([hidden])', { timeout: TIMEOUT });
    await waitNode(page, 'flamegraph', TOP);
    const after = await page.evaluate(() => window.__pyrometer.graphs['flamegraph'].nodes());
    check(JSON.stringify(after) === JSON.stringify(before), `Open JSON shows the same graph: ${after.length} nodes with equal names, levels, totals and selfs`);
    check((await page.getByTestId('imported-note').textContent()).includes(json.name), 'and says which file it shows');
    await shot(page, 'opened-json');

    // 4. The sandwich's function picker: search, pick, the sandwich opens; names stay text.
    await page.goto(exploreUrl({ tab: 'sandwich' }));
    await page.waitForSelector('.top-panel[data-state="ready"]', { state: 'attached', timeout: TIMEOUT });
    const picker = page.getByTestId('function-picker');
    await picker.fill('onerror');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="function-picker-list"] .picker-item').length > 0, null, { timeout: TIMEOUT });
    const offered = await page.$$eval('[data-testid="function-picker-list"] .picker-name', (n) => n.map((e) => e.textContent));
    check(offered.length === 1 && offered[0] === XSS, 'searching "onerror" offers exactly the XSS-named function, as text', offered.join(', '));
    check((await page.$$('[data-testid="function-picker-list"] img')).length === 0, 'and no <img> element comes of it');
    await picker.fill(TOP.slice(0, 10));
    await page.waitForFunction((t) => [...document.querySelectorAll('[data-testid="function-picker-list"] .picker-name')].some((e) => e.textContent === t), TOP, { timeout: TIMEOUT });
    await shot(page, 'sandwich-picker');
    await page.locator('[data-testid="function-picker-list"] .picker-item', { hasText: TOP }).first().dispatchEvent('mousedown');
    await page.waitForURL((u) => u.searchParams.get('fn') === TOP, { timeout: TIMEOUT });
    await page.waitForFunction(() => (window.__pyrometer?.graphs['sandwich-callers']?.nodeCount() ?? 0) > 1, null, { timeout: TIMEOUT });
    check((await page.getByTestId('sandwich-title').textContent()) === TOP, 'picking it opens its sandwich');

    // 5. A failed first load: the message, and no canvas over it.
    const errorPage = (await newPage(browser)).page;
    await errorPage.route('**/api/v1/flamegraph?**', (r) => r.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"storage unavailable"}' }));
    await errorPage.goto(exploreUrl({ tab: 'flame' }));
    await errorPage.waitForSelector('.flame-panel[data-state="error"]', { timeout: TIMEOUT });
    const canvas = await errorPage.$eval('[data-testid="flamegraph"] canvas', (c) => ({ hidden: c.hidden, h: c.getBoundingClientRect().height }));
    check(canvas.hidden && canvas.h === 0, 'the flame graph canvas is hidden while the first load failed', JSON.stringify(canvas));
    const message = await errorPage.locator('.flame-panel [data-testid="error-message"]').textContent();
    check(message.length > 0, 'and the error message shows: ' + message);
    await shot(errorPage, 'error-no-canvas');

    check(alerts.length === 0, 'no name ran as script', alerts.join(', '));
    check(problems.length === 0, 'no page errors', problems.join('\n'));
  } finally {
    await browser.close();
  }
}

run(main);
