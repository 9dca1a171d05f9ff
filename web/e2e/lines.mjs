// The explorer's "Lines" tab, run against a running query-service with seeded data (LinesBrowserIT seeds it,
// serves the seed service's source from a local file server, and starts the service). Prints one "ok" line per
// check, saves screenshots, and exits non-zero at the first failure.
//
//   BASE_URL=http://127.0.0.1:4040 node e2e/lines.mjs
//
// Env: BASE_URL, SCREENSHOT_DIR (default target/screenshots), CHROMIUM (default /usr/bin/chromium), and the seed's
// names: E2E_SERVICE (source configured), E2E_PLAIN_SERVICE (no source), E2E_TYPE, E2E_FUNCTION, E2E_XSS_FUNCTION,
// and E2E_XSS_LINE / E2E_XSS_TEXT (a line of the XSS function's file as the file server serves it).
import { join, resolve } from 'node:path';
import { launch, newPage } from './lib/browser.mjs';
import { checks } from './lib/checks.mjs';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:4040').replace(/\/$/, '');
const SHOTS = resolve(process.env.SCREENSHOT_DIR || 'target/screenshots');
const SERVICE = process.env.E2E_SERVICE || 'seedapp';
const PLAIN = process.env.E2E_PLAIN_SERVICE || 'billing';
const TYPE = process.env.E2E_TYPE || 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const FUNCTION = process.env.E2E_FUNCTION || 'main.increase2000';
const XSS = process.env.E2E_XSS_FUNCTION || '<img src=x onerror=alert(1)>';
const XSS_LINE = Number(process.env.E2E_XSS_LINE || '94');
const XSS_TEXT = process.env.E2E_XSS_TEXT || '';
const TIMEOUT = 30_000;

const { ok, check, shot, run } = checks(SHOTS);

/** The explorer URL of the lines of {@code fn} in {@code service}'s last 6 hours. */
function linesUrl(service, fn) {
  return BASE + '/explore?' + new URLSearchParams({ service, type: TYPE, from: 'now-6h', tab: 'lines', fn });
}

/** Opens a URL and returns the /api/v1/lines answer the page rendered, once the panel is ready. */
async function openLines(page, url) {
  const answer = page.waitForResponse((r) => r.url().includes('/api/v1/lines?'), { timeout: TIMEOUT });
  await page.goto(url);
  return renderedAnswer(page, answer);
}

async function renderedAnswer(page, response) {
  const r = await response;
  check(r.status() === 200, 'the lines request answers 200', String(r.status()));
  const json = await r.json();
  await page.waitForSelector('.lines-panel[data-state="ready"]', { timeout: TIMEOUT });
  return { json, url: new URL(r.url()) };
}

/** What the panel shows: per file, its name, source state and note, and each row's exact values, number and text. */
function shown(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="lines-file"]')].map((f) => ({
      file: f.dataset.file,
      name: f.querySelector('[data-testid="lines-file-name"]').textContent,
      source: f.dataset.source,
      note: f.querySelector('[data-testid="lines-source-note"]')?.textContent ?? null,
      rows: [...f.querySelectorAll('tbody tr')].map((tr) => ({
        line: Number(tr.dataset.line),
        flat: Number(tr.dataset.flat),
        cum: Number(tr.dataset.cum),
        flatText: tr.children[0].textContent,
        flatTitle: tr.children[0].getAttribute('title'),
        cumText: tr.children[1].textContent,
        number: tr.children[2].textContent,
        text: tr.querySelector('[data-testid="lines-text"]')?.textContent ?? null,
      })),
    })),
  );
}

/** Every row shows exactly the answer's line: exact values in data attributes and titles, "." for 0, the text verbatim. */
function checkRowsMatch(files, json, what) {
  check(files.length === json.files.length, what + ': one section per file of the answer', `${files.length} vs ${json.files.length}`);
  json.files.forEach((expected, i) => {
    const actual = files[i];
    check(actual.file === expected.file && actual.name === expected.file && actual.source === expected.source,
      `${what}: file ${expected.file} shown with source "${expected.source}"`, JSON.stringify([actual.name, actual.source]));
    check(actual.rows.length === expected.lines.length, `${what}: ${expected.lines.length} rows`, String(actual.rows.length));
    expected.lines.forEach((line, j) => {
      const row = actual.rows[j];
      const same =
        row.line === line.line &&
        row.flat === line.flat &&
        row.cum === line.cum &&
        row.number === String(line.line) &&
        (line.flat === 0 ? row.flatText === '.' : row.flatTitle === `${line.flat} ${json.window.unit}` && /^[\d.]+ (ns|µs|ms|s|min)$/.test(row.flatText)) &&
        (line.cum === 0 ? row.cumText === '.' : /^[\d.]+ (ns|µs|ms|s|min)$/.test(row.cumText)) &&
        row.text === (line.text ?? null);
      if (!same) {
        throw new Error(`${what}: row ${j} differs from the answer: ${JSON.stringify(row)} vs ${JSON.stringify(line)}`);
      }
    });
    ok(`${what}: every row of ${expected.file} shows the answer's line, flat, cum and text`);
  });
}

let current = null;

async function main() {
  const browser = await launch();
  try {
    const { page, problems, dialogs } = await newPage(browser);
    current = page;

    // 1. From the top table to the lines of its hottest function, by clicks.
    await page.goto(BASE + '/explore?' + new URLSearchParams({ service: SERVICE, type: TYPE, from: 'now-6h', tab: 'top' }));
    await page.waitForFunction((f) => document.querySelector('[data-testid="top-table"] tbody tr td')?.textContent === f, FUNCTION, { timeout: TIMEOUT });
    ok('the top table starts with ' + FUNCTION);
    await page.locator('[data-testid="top-table"] tbody tr').first().click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'sandwich' && u.searchParams.get('fn') === FUNCTION, { timeout: TIMEOUT });
    const response = page.waitForResponse((r) => r.url().includes('/api/v1/lines?'), { timeout: TIMEOUT });
    await page.getByTestId('sandwich-lines').click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'lines' && u.searchParams.get('fn') === FUNCTION, { timeout: TIMEOUT });
    ok('the sandwich view\'s "Lines" button opens the Lines tab of ' + FUNCTION + ' (tab and fn in the URL)');
    const { json, url } = await renderedAnswer(page, response);
    check(url.searchParams.get('function') === FUNCTION && url.searchParams.get('query') === `{service_name="${SERVICE}"}`,
      'the panel asks /api/v1/lines for the function in the selection', url.search);
    check((await page.getByTestId('lines-title').textContent()) === FUNCTION, 'the panel is titled with the function');

    // 2. The numbers: the rows are the answer's, the answer agrees with the top table, the text is the file's.
    const files = await shown(page);
    checkRowsMatch(files, json, FUNCTION);
    const main = json.files.find((f) => f.file.endsWith('/main.go'));
    check(main && main.source === 'found', 'main.go has its source text (fetched from the configured server)', JSON.stringify(main?.source));
    const hot = main.lines.filter((l) => l.flat !== 0 || l.cum !== 0).map((l) => l.line);
    check(JSON.stringify(hot) === '[26,27]', 'the lines with values are 26 and 27 (the inlined loop of ' + FUNCTION + ')', JSON.stringify(hot));
    check(main.lines[0].line === 21 && main.lines.at(-1).line === 32, 'with text, the listing runs from 5 lines before to 5 after, as pprof -list', `${main.lines[0].line}..${main.lines.at(-1).line}`);
    const line26 = files[json.files.indexOf(main)].rows.find((r) => r.line === 26);
    check(line26.text === '\tfor i := 0; i < 2000; i++ {', 'line 26 shows its source text verbatim', JSON.stringify(line26.text));
    const topQuery = new URLSearchParams(url.search);
    topQuery.delete('function');
    const top = await page.evaluate(async (q) => (await fetch('/api/v1/top?' + q)).json(), topQuery.toString());
    const topRow = top.rows.find((r) => r.function === FUNCTION);
    check(topRow && topRow.flat === main.flat && topRow.cum === main.cum,
      'the file\'s flat and cum equal the top table\'s row of ' + FUNCTION + ' (one file, no recursion)', JSON.stringify([topRow, main.flat, main.cum]));
    check(main.flat === main.lines.reduce((s, l) => s + l.flat, 0) && main.cum === main.lines.reduce((s, l) => s + l.cum, 0),
      'the file\'s flat and cum add up its lines');
    await shot(page, 'lines');

    // 3. A file the source server does not have: the numbers, and why there is no text.
    const preempt = await openLines(page, linesUrl(SERVICE, 'runtime.asyncPreempt'));
    const preemptFiles = await shown(page);
    checkRowsMatch(preemptFiles, preempt.json, 'runtime.asyncPreempt');
    check(preemptFiles[0].source === 'missing' && preemptFiles[0].note === 'the source server has no such file (HTTP 404)',
      'a file the source server lacks is listed without text, saying why', JSON.stringify(preemptFiles[0].note));

    // 4. Names, file names and source text from profiles and repositories are text, never markup.
    const xss = await openLines(page, linesUrl(SERVICE, XSS));
    check((await page.getByTestId('lines-title').textContent()) === XSS, 'the XSS-named function is the title, as text');
    const xssFiles = await shown(page);
    checkRowsMatch(xssFiles, xss.json, 'the XSS function');
    const xssRow = xssFiles[0].rows.find((r) => r.line === XSS_LINE);
    check(xssRow && xssRow.text === XSS_TEXT && xssRow.flat > 0, 'its source line holds markup, shown as text with its value', JSON.stringify(xssRow));
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      script: document.querySelectorAll('.lines-panel script').length,
    }));
    check(injected.img === 0 && injected.script === 0, 'no <img> or <script> element exists', JSON.stringify(injected));
    await shot(page, 'lines-xss');

    // 5. A service without source configuration: lines with numbers only, and the reason.
    const plain = await openLines(page, linesUrl(PLAIN, FUNCTION));
    const plainFiles = await shown(page);
    checkRowsMatch(plainFiles, plain.json, PLAIN + ' ' + FUNCTION);
    check(plainFiles[0].source === 'none' && plainFiles[0].note === 'no source is configured for service ' + PLAIN,
      'a service without source configuration says so', JSON.stringify(plainFiles[0].note));
    check(plainFiles[0].rows.every((r) => r.text === null && (r.flat !== 0 || r.cum !== 0)),
      'without source, only the lines with values are listed, without a text column');
    check((await page.locator('.lines-panel th').allTextContents()).join('|') === 'Flat|Cum|Line', 'the table has no Source column');
    await shot(page, 'lines-no-source');

    check(dialogs.length === 0, 'no dialog opened', JSON.stringify(dialogs));
    check(problems.length === 0, 'no page or console errors', problems.join('\n'));
  } finally {
    await browser.close();
  }
}

run(async () => {
  try {
    await main();
  } catch (e) {
    try {
      await current?.screenshot({ path: join(SHOTS, 'lines-failure.png'), fullPage: true });
    } catch {
      // the page is gone
    }
    throw e;
  }
});
