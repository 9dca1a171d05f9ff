// The Graph tab in Chromium, against a running query-service with the dashboard's seeded data (CallGraphBrowserIT
// seeds and starts one; see DashboardSeed). Prints one "ok" line per check, saves screenshots, exits non-zero at
// the first failure.
//
//   BASE_URL=http://127.0.0.1:4040 node e2e/callgraph.mjs
//
// Env: BASE_URL, SCREENSHOT_DIR (default target/screenshots), CHROMIUM (default /usr/bin/chromium), and the
// seed's names: E2E_SERVICE, E2E_TYPE, E2E_TOP_FUNCTION, E2E_HANDLER, E2E_XSS_FUNCTION.
import { resolve } from 'node:path';
import { launch, newPage } from './lib/browser.mjs';
import { checks } from './lib/checks.mjs';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:4040').replace(/\/$/, '');
const SHOTS = resolve(process.env.SCREENSHOT_DIR || 'target/screenshots');
const SERVICE = process.env.E2E_SERVICE || 'seedapp';
const TYPE = process.env.E2E_TYPE || 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const TOP = process.env.E2E_TOP_FUNCTION || 'main.increase2000';
const HANDLER = process.env.E2E_HANDLER || 'main.handleSearch';
const XSS = process.env.E2E_XSS_FUNCTION || '<img src=x onerror=alert(1)>';
const TIMEOUT = 30_000;

const { check, shot, run } = checks(SHOTS);
let current = null;

/** The centre of the graph node drawn for a function, scrolled into view, in page coordinates; null when not drawn. */
function nodeCenter(page, fn) {
  return page.evaluate((name) => {
    const node = [...document.querySelectorAll('[data-testid="callgraph"] g.cg-node')].find((g) => g.dataset.function === name);
    if (!node) {
      return null;
    }
    node.scrollIntoView({ block: 'center', inline: 'center' });
    const r = node.querySelector('rect').getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }, fn);
}

/** The peek table as { title, callers: [[calls, share, name]], callees: [...] }, all read as text. */
function peekTable(page) {
  return page.evaluate(() => {
    const rows = (kind) => [...document.querySelectorAll(`[data-testid="peek-${kind}"]`)].map((tr) => [...tr.cells].map((td) => td.textContent));
    return { title: document.querySelector('[data-testid="peek-title"]')?.textContent ?? null, callers: rows('caller'), callees: rows('callee') };
  });
}

async function waitPeek(page, fn) {
  await page.waitForFunction((name) => document.querySelector('[data-testid="peek-title"]')?.textContent === name && document.querySelector('[data-testid="peek-table"]'), fn, { timeout: TIMEOUT });
  return peekTable(page);
}

async function api(page, path) {
  return page.evaluate(async (p) => (await fetch(p)).json(), path);
}

async function main() {
  const browser = await launch();
  try {
    const { page, problems, dialogs } = await newPage(browser);
    current = page;
    const selection = `service=${SERVICE}&type=${encodeURIComponent(TYPE)}&from=now-6h`;

    // 1. The Graph tab draws the call graph of the selection.
    await page.goto(`${BASE}/explore?${selection}`);
    await page.getByTestId('tab-graph').click({ timeout: TIMEOUT });
    await page.waitForURL((u) => u.searchParams.get('tab') === 'graph', { timeout: TIMEOUT });
    await page.waitForSelector('[data-testid="callgraph"][data-ready="true"] svg g.cg-node', { timeout: TIMEOUT });
    const graph = await api(page, `/api/v1/callgraph?profileType=${encodeURIComponent(TYPE)}&query=${encodeURIComponent(`{service_name="${SERVICE}"}`)}&from=now-6h`);
    const drawn = await page.evaluate(() => ({
      nodes: [...document.querySelectorAll('[data-testid="callgraph"] g.cg-node')].map((g) => g.dataset.function),
      edges: document.querySelectorAll('[data-testid="callgraph"] g.cg-edge').length,
    }));
    check(drawn.nodes.length === graph.nodes.length && graph.nodes.every((n) => drawn.nodes.includes(n.function)),
      `the graph draws every node the API keeps (${graph.nodes.length})`, JSON.stringify(drawn.nodes));
    check(drawn.edges === graph.edges.length && drawn.edges > 0, `and every edge (${graph.edges.length})`);
    check(drawn.nodes.includes(TOP) && drawn.nodes.includes(HANDLER), `${TOP} and ${HANDLER} are nodes of the graph`);
    const topText = await page.evaluate((name) => [...document.querySelectorAll('[data-testid="callgraph"] g.cg-node')].find((g) => g.dataset.function === name).textContent, TOP);
    check(/increase2000/.test(topText) && /of /.test(topText) && /%/.test(topText), `the node of ${TOP} shows its name, flat and cum with shares`, topText);
    await shot(page, 'callgraph');

    // 2. The peek table: callers and callees of one function with their shares, as the API lists them.
    const topNode = await nodeCenter(page, TOP);
    check(topNode !== null, `${TOP} is drawn`);
    await page.mouse.click(topNode.x, topNode.y, { button: 'right' });
    await page.waitForURL((u) => u.searchParams.get('fn') === TOP, { timeout: TIMEOUT });
    const peek = await waitPeek(page, TOP);
    const expected = await api(page, `/api/v1/peek?profileType=${encodeURIComponent(TYPE)}&function=${encodeURIComponent(TOP)}&query=${encodeURIComponent(`{service_name="${SERVICE}"}`)}&from=now-6h`);
    check(JSON.stringify(peek.callers.map((r) => r[2])) === JSON.stringify(expected.callers.map((c) => c.function)) && peek.callers.length > 0,
      `right-clicking ${TOP} peeks at it: its callers are listed in the API's order`, JSON.stringify(peek.callers));
    check(JSON.stringify(peek.callees.map((r) => r[2])) === JSON.stringify(expected.callees.map((c) => c.function)),
      'and its callees', JSON.stringify(peek.callees));
    check([...peek.callers, ...peek.callees].every((r) => /%$/.test(r[1]) && r[0].length > 0), 'every caller and callee has its calls and its share of cum');
    await shot(page, 'callgraph-peek');

    // 3. A name that looks like markup is text: in the graph and in the peek table.
    const xssNode = await nodeCenter(page, XSS);
    check(xssNode !== null, 'the function named ' + XSS + ' is a node of the graph');
    const xssText = await page.evaluate((name) => [...document.querySelectorAll('[data-testid="callgraph"] g.cg-node')].find((g) => g.dataset.function === name).textContent, XSS);
    check(xssText.includes('<img src=x onerror=alert(1)>'), 'its label is drawn as text', xssText);
    await page.mouse.click(xssNode.x, xssNode.y, { button: 'right' });
    const xssPeek = await waitPeek(page, XSS);
    check(xssPeek.callers.some((r) => r[2] === HANDLER), `its peek names its caller ${HANDLER}`, JSON.stringify(xssPeek.callers));
    const injected = await page.evaluate(() => ({ img: document.querySelectorAll('img').length, svgImages: document.querySelectorAll('svg image, svg foreignObject').length }));
    check(injected.img === 0 && injected.svgImages === 0, 'no <img> (or SVG image) element is injected anywhere', JSON.stringify(injected));
    await shot(page, 'callgraph-xss');

    // 4. Clicking a node opens the flame graph focused on that function.
    const again = await nodeCenter(page, TOP);
    await page.mouse.click(again.x, again.y);
    await page.waitForURL((u) => u.searchParams.get('tab') === 'flame', { timeout: TIMEOUT });
    const url = new URL(page.url());
    check(url.searchParams.get('search') === '/^main\\.increase2000$/', 'clicking a node opens the flame graph searching for exactly that function', url.search);
    await page.waitForFunction((name) => (window.__pyrometer?.graphs.flamegraph?.zoomPath() ?? []).at(-1) === name, TOP, { timeout: TIMEOUT });
    await page.waitForFunction((name) => (window.__pyrometer?.graphs.flamegraph?.findNode(name)?.width ?? 0) > 1000, TOP, { timeout: TIMEOUT });
    check(url.searchParams.getAll('zoom').at(-1) === TOP, 'zoomed to the function\'s heaviest frame, which fills the width', url.searchParams.getAll('zoom').join(' > '));
    await shot(page, 'callgraph-focus-flame');

    check(dialogs.length === 0, 'no dialog was opened (no script ran from a name)', dialogs.join(', '));
    check(problems.length === 0, 'no page errors or console errors', problems.join('\n'));
  } catch (e) {
    if (current) {
      console.log('   at ' + current.url());
      await shot(current, 'callgraph-failure').catch(() => {});
    }
    throw e;
  } finally {
    await browser.close();
  }
}

run(main);
