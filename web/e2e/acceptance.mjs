// The dashboard's acceptance test, run against a running query-service with seeded data (BrowserIT seeds
// and starts one; see DashboardSeed for what it plants). Prints one "ok" line per check, saves a
// screenshot of each view, and exits non-zero at the first failure.
//
//   BASE_URL=http://127.0.0.1:4040 node e2e/acceptance.mjs
//
// Env: BASE_URL, SCREENSHOT_DIR (default target/screenshots), CHROMIUM (default /usr/bin/chromium), and the
// seed's names: E2E_SERVICE, E2E_TYPE, E2E_TOP_FUNCTION, E2E_REGRESSION, E2E_XSS_FUNCTION.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch, newPage } from './lib/browser.mjs';
import { isGrey, isRed, pixel, pixelWhere } from './lib/canvas.mjs';
import { checks } from './lib/checks.mjs';
import { decodePprof, flatByFunction } from './lib/pprof.mjs';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:4040').replace(/\/$/, '');
const SHOTS = resolve(process.env.SCREENSHOT_DIR || 'target/screenshots');
const SERVICE = process.env.E2E_SERVICE || 'seedapp';
const TYPE = process.env.E2E_TYPE || 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const TOP = process.env.E2E_TOP_FUNCTION || 'main.increase2000';
const REGRESSION = process.env.E2E_REGRESSION || 'main.slowChecksum';
const XSS = process.env.E2E_XSS_FUNCTION || '<img src=x onerror=alert(1)>';
const TIMEOUT = 30_000;

const { ok, check, shot, run } = checks(SHOTS);

/** A graph's probe: where the widest visible node of a function is drawn, in page coordinates. */
function findNode(page, graph, name) {
  return page.evaluate(([g, n]) => window.__pyrometer?.graphs[g]?.findNode(n) ?? null, [graph, name]);
}

/** Waits until the graph draws the function (a graph that was hidden redraws on its next frame). */
async function waitNode(page, graph, name, minWidth = 1) {
  await page.waitForFunction(([g, n, w]) => (window.__pyrometer?.graphs[g]?.findNode(n)?.width ?? 0) >= w, [graph, name, minWidth], { timeout: TIMEOUT });
  return findNode(page, graph, name);
}

function zoomPath(page, graph) {
  return page.evaluate((g) => window.__pyrometer?.graphs[g]?.zoomPath() ?? null, graph);
}

async function waitState(page, selector, state = 'ready') {
  await page.waitForSelector(`${selector}[data-state="${state}"]`, { timeout: TIMEOUT });
}

async function firstCell(page, table) {
  return page.locator(`[data-testid="${table}"] tbody tr:first-child td:first-child`).textContent({ timeout: TIMEOUT });
}

async function center(rect) {
  return { x: rect.x + Math.min(rect.width / 2, 60), y: rect.y + rect.height / 2 };
}

let current = null;

async function main() {
  const browser = await launch();
  try {
    const { page, problems, dialogs } = await newPage(browser);
    current = page;

    // 1. The explorer opens from the nav (the root is the services overview) and is filled from the catalog.
    await page.goto(BASE + '/');
    await page.getByTestId('nav-explore').click();
    await page.waitForURL(/\/explore/, { timeout: TIMEOUT });
    ok('the nav opens the explorer (' + new URL(page.url()).pathname + ')');
    const serviceSelect = page.getByTestId('main-service');
    await page.waitForFunction((s) => [...document.querySelectorAll('[data-testid="main-service"] option')].some((o) => o.value === s), SERVICE, { timeout: TIMEOUT });
    ok('the service picker lists ' + SERVICE + ' from the catalog');

    // 2. Pick a service and a type; the flame graph shows the expected top function.
    await serviceSelect.selectOption(SERVICE);
    await page.waitForFunction((t) => [...document.querySelectorAll('[data-testid="profile-type"] option')].some((o) => o.value === t), TYPE, { timeout: TIMEOUT });
    await page.getByTestId('profile-type').selectOption(TYPE);
    await page.waitForURL((u) => u.searchParams.get('service') === SERVICE && u.searchParams.get('type') === TYPE, { timeout: TIMEOUT });
    ok('picking service and type puts them in the URL');
    await waitState(page, '.flame-panel');
    await waitState(page, '.top-panel');
    await page.waitForFunction((top) => document.querySelector('[data-testid="top-table"] tbody tr td')?.textContent === top, TOP, { timeout: TIMEOUT });
    ok('the top table (by flat) starts with ' + TOP);
    const topRect = await waitNode(page, 'flamegraph', TOP);
    check(topRect && topRect.width > 100, 'the flame graph draws ' + TOP + ' as a wide frame', JSON.stringify(topRect));
    const topAt = await center(topRect);
    await page.mouse.move(topAt.x, topAt.y);
    const tooltip = page.getByTestId('flame-tooltip');
    await tooltip.waitFor({ state: 'visible', timeout: TIMEOUT });
    const tip = await tooltip.textContent();
    check(tip.includes(TOP) && /Total\s*[\d.]+ (ms|s|min)\s*\(\d+(\.\d+)?%\)/.test(tip) && /Self/.test(tip), 'the tooltip gives total and self in time units and percent', tip);
    await shot(page, 'explorer');

    // 3. The timeline is drawn, and dragging across it selects a range.
    await waitState(page, '[data-testid="main"] .timeline-panel');
    const over = page.locator('[data-testid="main-timeline"] .u-over');
    const box = await over.boundingBox();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForURL((u) => /^\d{13}$/.test(u.searchParams.get('from') ?? '') && /^\d{13}$/.test(u.searchParams.get('to') ?? ''), { timeout: TIMEOUT });
    ok('dragging on the timeline selects an absolute range: ' + new URL(page.url()).search);
    await page.getByTestId('main-time-button').click();
    await page.getByTestId('main-time').getByTestId('range-6h').click();
    await page.waitForURL((u) => u.searchParams.get('from') === 'now-6h', { timeout: TIMEOUT });
    await waitState(page, '.flame-panel');
    ok('the range picker sets "Last 6h"');
    await page.getByTestId('main-time-button').click();
    const now = new Date();
    const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByTestId('main-time').getByTestId('custom-from').fill(local(new Date(now.getTime() - 3 * 3_600_000)));
    await page.getByTestId('main-time').getByTestId('custom-to').fill(local(new Date(now.getTime() - 3_600_000)));
    await page.getByTestId('main-time').getByTestId('custom-apply').click();
    await page.waitForURL((u) => /^\d{13}$/.test(u.searchParams.get('from') ?? ''), { timeout: TIMEOUT });
    ok('a custom range applies as absolute times');
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('from') === 'now-6h', { timeout: TIMEOUT });
    ok('the back button restores the previous range');

    // Label filters come from the catalog: names, then values of the chosen name.
    await page.getByTestId('main-filters-add').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="main-filters"] [data-testid="filter-name"] option')].some((o) => o.value === 'pod'), null, { timeout: TIMEOUT });
    await page.getByTestId('main-filters').getByTestId('filter-name').selectOption('pod');
    await page.waitForFunction((v) => [...document.querySelectorAll('[data-testid="main-filters"] datalist option')].some((o) => o.value === v), SERVICE + '-a', { timeout: TIMEOUT });
    await page.getByTestId('main-filters').getByTestId('filter-value').fill(SERVICE + '-a');
    await page.getByTestId('main-filters').getByTestId('filter-add').click();
    await page.waitForURL((u) => u.searchParams.get('f') === 'pod=' + SERVICE + '-a', { timeout: TIMEOUT });
    await waitState(page, '.top-panel');
    await page.waitForFunction(() => / from 1 series$/.test(document.querySelector('[data-testid="top-summary"]')?.textContent ?? ''), null, { timeout: TIMEOUT });
    ok('a label filter from the catalog narrows the selection to one series');
    await page.getByTestId('main-filters').getByRole('button', { name: /^Remove / }).click();
    await page.waitForURL((u) => !u.searchParams.has('f'), { timeout: TIMEOUT });
    await waitState(page, '.flame-panel');

    // 4. Search highlights matches and gives their share of the total.
    await page.getByTestId('search').fill('increase');
    await page.waitForURL((u) => u.searchParams.get('search') === 'increase', { timeout: TIMEOUT });
    const summary = await page.getByTestId('flamegraph').getByTestId('search-summary').textContent();
    check(/^\d+ matches · \d+(\.\d+)?% of total \(/.test(summary), 'search shows the matches and their share of the total', summary);
    const rows = await page.locator('[data-testid="top-table"] tbody tr td:first-child').allTextContents();
    check(rows.length > 0 && rows.every((r) => r.toLowerCase().includes('increase')), 'search filters the top table', rows.join(', '));
    const dimmed = await findNode(page, 'flamegraph', 'runtime.asyncPreempt');
    if (dimmed) {
      const c = await pixelWhere(page, 'flamegraph', dimmed.x + 2, dimmed.y + 2, isGrey, TIMEOUT);
      check(isGrey(c), 'frames that do not match are greyed out', String(c));
    }
    await shot(page, 'flamegraph-search');

    // 5. Click to zoom, with a breadcrumb back; the link reproduces the view.
    await page.getByTestId('search').fill('');
    await page.waitForURL((u) => !u.searchParams.has('search'), { timeout: TIMEOUT });
    const before = await waitNode(page, 'flamegraph', TOP);
    const at = await center(before);
    await page.mouse.click(at.x, at.y);
    await page.waitForURL((u) => u.searchParams.getAll('zoom').at(-1) === TOP, { timeout: TIMEOUT });
    const zoomed = await findNode(page, 'flamegraph', TOP);
    check(zoomed.width > before.width * 1.2, 'clicking a frame zooms it to the full width', `${before.width} → ${zoomed.width}`);
    const crumbs = await page.getByTestId('flamegraph').getByTestId('breadcrumb').textContent();
    check(crumbs.includes('All') && crumbs.includes(TOP), 'the breadcrumb shows the way back', crumbs);
    await shot(page, 'flamegraph-zoom');
    const link = page.url();
    const second = await newPage(browser);
    await second.page.goto(link);
    await waitState(second.page, '.flame-panel');
    await second.page.waitForFunction(() => (window.__pyrometer?.graphs.flamegraph?.zoomPath().length ?? 0) > 0, null, { timeout: TIMEOUT });
    check((await zoomPath(second.page, 'flamegraph')).at(-1) === TOP, 'opening the link reproduces service, type, range and zoom');
    await second.context.close();
    await page.getByTestId('flamegraph').getByTestId('breadcrumb').getByRole('button', { name: 'All' }).click();
    await page.waitForURL((u) => !u.searchParams.has('zoom'), { timeout: TIMEOUT });
    ok('the breadcrumb zooms back out');
    await page.mouse.click(at.x, at.y);
    await page.waitForURL((u) => u.searchParams.has('zoom'), { timeout: TIMEOUT });
    await page.getByTestId('flamegraph').getByTestId('reset-zoom').click();
    await page.waitForURL((u) => !u.searchParams.has('zoom'), { timeout: TIMEOUT });
    ok('"Reset zoom" zooms back out');
    await page.getByTestId('flamegraph').getByTestId('orientation').click();
    await page.waitForURL((u) => u.searchParams.get('orient') === 'flame', { timeout: TIMEOUT });
    check((await page.getByTestId('flamegraph').getAttribute('data-orientation')) === 'flame', 'the icicle/flame toggle flips the graph');
    await page.getByTestId('flamegraph').getByTestId('orientation').click();
    await page.waitForURL((u) => !u.searchParams.has('orient'), { timeout: TIMEOUT });

    // 6. The top table sorts by each column.
    await page.getByTestId('tab-top').click();
    await page.locator('[data-testid="top-table"] th', { hasText: /^Cum/ }).first().locator('button').click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'cum-', { timeout: TIMEOUT });
    const cums = await page.locator('[data-testid="top-table"] tbody tr').evaluateAll((trs) => trs.slice(0, 5).map((tr) => tr.children[0].textContent));
    check(cums.length === 5, 'sorting by cum reorders the table: ' + cums.slice(0, 3).join(', '));
    await shot(page, 'top-table');

    // 7. The sandwich view of a function: callers above, callees below.
    await page.locator('[data-testid="top-table"] tbody tr', { has: page.locator('td', { hasText: new RegExp('^' + TOP.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$') }) }).first().click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'sandwich' && u.searchParams.get('fn') === TOP, { timeout: TIMEOUT });
    await page.waitForFunction(() => (window.__pyrometer?.graphs['sandwich-callers']?.nodeCount() ?? 0) > 1, null, { timeout: TIMEOUT });
    const callerRect = await waitNode(page, 'sandwich-callers', TOP);
    const calleeRect = await findNode(page, 'sandwich-callees', TOP);
    check(callerRect && calleeRect && callerRect.width > 500 && calleeRect.width > 500, 'the sandwich centres on the function in both halves');
    const caller = await findNode(page, 'sandwich-callers', 'main.IncreaseInt');
    check(caller && caller.y < callerRect.y, 'its callers are drawn above it', JSON.stringify(caller));
    check((await page.getByTestId('sandwich-title').textContent()) === TOP, 'the sandwich is titled with the function');
    await shot(page, 'sandwich');

    // 8. Untrusted names render as text: no dialog, no injected element.
    await page.getByTestId('tab-both').click();
    await waitState(page, '.flame-panel');
    const cells = await page.locator('[data-testid="top-table"] td.fn').allTextContents();
    check(cells.includes(XSS), 'the function named ' + XSS + ' is listed as text in the top table');
    const xssRect = await waitNode(page, 'flamegraph', XSS);
    check(xssRect !== null, 'the flame graph draws it (canvas text)');
    const xssAt = await center(xssRect);
    await page.mouse.move(xssAt.x, xssAt.y);
    await page.waitForFunction((x) => document.querySelector('[data-testid="flame-tooltip"]')?.textContent.includes(x), XSS, { timeout: TIMEOUT });
    await shot(page, 'xss');
    const injected = await page.evaluate(() => ({ img: document.querySelectorAll('img').length, tooltipElements: document.querySelector('[data-testid="flame-tooltip"] .tt-name').children.length }));
    check(injected.img === 0 && injected.tooltipElements === 0, 'no <img> element is injected anywhere (tooltip included)', JSON.stringify(injected));

    // 9. Export: download the pprof and parse it; the go tool pprof command fetches the same.
    await page.getByTestId('export').click();
    const downloadEvent = page.waitForEvent('download', { timeout: TIMEOUT });
    await page.getByTestId('download-pprof').click();
    const download = await downloadEvent;
    const file = await download.path();
    check(download.suggestedFilename().endsWith('.pb.gz'), 'the download is a .pb.gz file: ' + download.suggestedFilename());
    const profile = decodePprof(readFileSync(file));
    const flat = flatByFunction(profile, 'cpu');
    const hottest = [...flat.entries()].sort((a, b) => b[1] - a[1])[0];
    check(hottest[0] === TOP && flat.get(REGRESSION) > 0 && flat.get(XSS) > 0, 'the downloaded pprof parses, holds the planted functions, and its hottest function is ' + TOP, `${profile.samples.length} samples`);
    const command = await page.getByTestId('pprof-command').inputValue();
    const url = /'([^']+)'/.exec(command)?.[1] ?? '';
    check(command.startsWith('go tool pprof ') && url.includes('/api/v1/pprof?') && /[?&]tenant=/.test(url), 'the go tool pprof command names the API URL with the tenant parameter', command);
    const fetched = await fetch(url);
    check(fetched.ok, 'the command URL answers 200 without headers');
    const viaCommand = flatByFunction(decodePprof(new Uint8Array(await fetched.arrayBuffer())), 'cpu');
    check(viaCommand.get(TOP) > 0, 'and serves a pprof of the same selection');
    await page.keyboard.press('Escape');
    await page.mouse.click(5, 5);

    // 10. Compare: "last week vs today" shows the planted regression in red.
    await page.getByTestId('nav-compare').click();
    await page.waitForURL(/\/compare/, { timeout: TIMEOUT });
    await page.getByTestId('preset-last-week').click();
    await page.waitForURL((u) => u.searchParams.get('bfrom') === 'now-7d6h' && u.searchParams.get('bto') === 'now-7d', { timeout: TIMEOUT });
    ok('"Last week vs today" sets the baseline to the same window 7 days earlier');
    await waitState(page, '.compare-graphs');
    await page.waitForFunction((r) => document.querySelector('[data-testid="diff-table"] tbody tr td')?.textContent === r, REGRESSION, { timeout: TIMEOUT });
    ok('the diff table, sorted by change, starts with the planted regression ' + REGRESSION);
    const changeCell = page.locator('[data-testid="diff-table"] tbody tr:first-child td.grew');
    check((await changeCell.count()) > 0, 'its change is marked as growth');
    const regRect = await waitNode(page, 'diff-flamegraph', REGRESSION);
    check(regRect !== null, 'the diff flame graph draws ' + REGRESSION);
    const regAt = await center(regRect);
    // A corner inside the frame, clear of its label.
    const regColor = await pixelWhere(page, 'diff-flamegraph', regRect.x + 2, regRect.y + 2, isRed, TIMEOUT);
    check(isRed(regColor), 'and colours it red (grew)', `rgb(${regColor.join(', ')})`);
    await page.mouse.move(regAt.x, regAt.y);
    await page.waitForSelector('[data-testid="flame-tooltip"] .tt-row.grew', { timeout: TIMEOUT });
    ok('its tooltip gives baseline, comparison and the change');
    const xssDiff = await findNode(page, 'diff-flamegraph', XSS);
    if (xssDiff) {
      const c = await pixel(page, 'diff-flamegraph', xssDiff.x + 2, xssDiff.y + 2, TIMEOUT);
      check(!isRed(c), 'a function whose cost did not grow is not red', String(c));
    }
    await shot(page, 'compare-last-week');
    const compareLink = page.url();
    await page.getByTestId('mode-absolute').click();
    await page.waitForURL((u) => u.searchParams.get('mode') === 'absolute', { timeout: TIMEOUT });
    ok('the relative/absolute toggle is in the URL');
    const second2 = await newPage(browser);
    await second2.page.goto(compareLink);
    await waitState(second2.page, '.compare-graphs');
    await second2.page.waitForFunction((r) => document.querySelector('[data-testid="diff-table"] tbody tr td')?.textContent === r, REGRESSION, { timeout: TIMEOUT });
    ok('the compare link reproduces the comparison');
    await second2.context.close();

    // 11. Side by side.
    await page.getByTestId('layout-side').click();
    await page.waitForURL((u) => u.searchParams.get('layout') === 'side', { timeout: TIMEOUT });
    const left = await waitNode(page, 'left-flamegraph', TOP);
    const right = await waitNode(page, 'right-flamegraph', REGRESSION);
    check(left && right, 'side by side shows the baseline and the comparison graphs');
    await shot(page, 'compare-side-by-side');
    await page.getByTestId('layout-diff').click();
    await page.getByTestId('mode-relative').click();

    // 12. Before vs after: two ranges picked on one timeline.
    await page.getByTestId('preset-before-after').click();
    await page.waitForURL((u) => u.searchParams.has('bafrom'), { timeout: TIMEOUT });
    await waitState(page, '[data-testid="ba"] .timeline-panel');
    const baOver = await page.locator('[data-testid="ba-timeline"] .u-over').boundingBox();
    const drag = async (from, to) => {
      await page.mouse.move(baOver.x + baOver.width * from, baOver.y + baOver.height / 2);
      await page.mouse.down();
      await page.mouse.move(baOver.x + baOver.width * to, baOver.y + baOver.height / 2, { steps: 6 });
      await page.mouse.up();
    };
    const beforeUrl = new URL(page.url());
    await drag(0.05, 0.3);
    await page.waitForURL((u) => u.searchParams.get('bfrom') !== beforeUrl.searchParams.get('bfrom'), { timeout: TIMEOUT });
    await drag(0.6, 0.95);
    await page.waitForURL((u) => u.searchParams.get('from') !== beforeUrl.searchParams.get('from'), { timeout: TIMEOUT });
    const baUrl = new URL(page.url());
    check(Number(baUrl.searchParams.get('bto')) <= Number(baUrl.searchParams.get('from')), 'dragging twice on one timeline picks "before" then "after"', baUrl.search);
    await waitState(page, '.compare-graphs');
    await shot(page, 'compare-before-after');

    // 13. Empty and error states.
    await page.goto(`${BASE}/explore?service=${SERVICE}&type=${encodeURIComponent(TYPE)}&from=now-30d&to=now-29d`);
    await waitState(page, '.flame-panel', 'empty');
    ok('a range without data shows the empty state');
    await shot(page, 'empty-state');
    await page.goto(`${BASE}/explore?service=${SERVICE}&type=${encodeURIComponent(TYPE)}&f=${encodeURIComponent('pod=~(')}`);
    await waitState(page, '.flame-panel', 'error');
    const message = await page.locator('.flame-panel [data-testid="error-message"]').textContent();
    check(message.length > 0, 'a failing request shows the error state with the API message', message);
    await shot(page, 'error-state');

    check(dialogs.length === 0, 'no dialog was opened (no script ran from a name)', dialogs.join(', '));
    const unexpected = problems.filter((p) => !/status of 400|Bad Request/.test(p));
    check(unexpected.length === 0, 'no page errors or console errors', unexpected.join('\n'));
  } catch (e) {
    if (current) {
      console.log('   at ' + current.url());
      await shot(current, 'failure').catch(() => {});
    }
    throw e;
  } finally {
    await browser.close();
  }
}

run(main);
