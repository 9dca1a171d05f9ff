// Measures, in Chromium, how long the flame graph takes to paint a 10k-node graph and to zoom. Prints figures;
// asserts nothing about time. Serves the built app (dist/) itself and answers the API with a synthetic
// 10k-node flame graph, so it needs no backend:
//
//   npm run build && npm run bench:render          (NODES=20000 RUNS=7 to change the size and repeats)
//
// The timings come from the app's own performance.now() around its draw calls (window.__pyrometer.draws):
// "first paint" runs from the model reaching the graph (colours, layout, draw), "decode" is the flamebearer
// → model step before it, "zoom" is a click's redraw.
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { launch, newPage } from './lib/browser.mjs';

const NODES = Number(process.env.NODES || 10_000);
const RUNS = Number(process.env.RUNS || 5);
const ZOOMS = 12;
const TYPE = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const DIST = resolve('dist');

/** A deterministic call tree of about {@code count} nodes: wide near the root, deep in places, Go-like names. */
function syntheticFlamebearer(count) {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const packages = ['main', 'net/http', 'runtime', 'encoding/json', 'github.com/acme/store', 'database/sql', 'sync', 'compress/gzip'];
  const names = ['total'];
  const index = new Map([['total', 0]]);
  const nameId = (n) => {
    if (!index.has(n)) {
      index.set(n, names.length);
      names.push(n);
    }
    return index.get(n);
  };
  // Build the tree breadth-first with random fan-out until the node budget is spent.
  const root = { name: 'total', children: [], self: 0 };
  const queue = [[root, 0]];
  let made = 1;
  while (queue.length > 0 && made < count) {
    const [node, depth] = queue.shift();
    // Wide at the top (entry points), then mostly chains with some branching, as real Go stacks are.
    const r = rand();
    const fanout = depth < 2 ? 8 : r < 0.1 ? 0 : r < 0.7 ? 1 : r < 0.9 ? 2 : 3;
    for (let i = 0; i < fanout && made < count; i++) {
      const pkg = packages[Math.floor(rand() * packages.length)];
      const child = { name: `${pkg}.(*T${Math.floor(rand() * 400)}).Func${Math.floor(rand() * 50)}`, children: [], self: Math.round(rand() * 1e7 * (1 + depth)) };
      node.children.push(child);
      made++;
      if (depth < 60) {
        queue.push([child, depth + 1]);
      }
    }
  }
  const total = (n) => (n.total = n.self + n.children.reduce((s, c) => s + total(c), 0));
  total(root);
  // Lay out as profile-core does: children at x + self, siblings follow; x delta-encoded per level.
  const levels = [];
  const ends = [];
  const write = (n, x, depth) => {
    levels[depth] ??= [];
    ends[depth] ??= 0;
    levels[depth].push(x - ends[depth], n.total, n.self, nameId(n.name));
    ends[depth] = x + n.total;
    let cx = x + n.self;
    for (const c of n.children) {
      write(c, cx, depth + 1);
      cx += c.total;
    }
  };
  write(root, 0, 0);
  return { names, levels, numTicks: root.total, maxSelf: 0, nodes: made };
}

function serve() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let file = join(DIST, path);
    if (!file.startsWith(DIST) || !existsSync(file) || path === '/' || !extname(path)) {
      file = join(DIST, 'index.html');
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const fmt = (ms) => ms.toFixed(1) + ' ms';

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('no dist/: run `npm run build` first');
  }
  const fb = syntheticFlamebearer(NODES);
  const body = JSON.stringify({ window: { profileType: TYPE, unit: 'nanoseconds', aggregation: 'sum', from: '', to: '', series: 1, snapshots: 1, total: fb.numTicks }, flamebearer: fb });
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const firsts = [];
  const draws = [];
  const decodes = [];
  const zooms = [];
  let depth = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const { page, context } = await newPage(browser);
      await page.route('**/api/v1/**', (route) => {
        const path = new URL(route.request().url()).pathname;
        const json = (o) => route.fulfill({ contentType: 'application/json', body: typeof o === 'string' ? o : JSON.stringify(o) });
        if (path.endsWith('/catalog/services')) return json({ services: [{ name: 'bench', profileTypes: [TYPE] }] });
        if (path.endsWith('/flamegraph')) return json(body);
        if (path.endsWith('/top')) return json({ window: JSON.parse(body).window, shownFlat: 0, droppedRows: 0, rows: [] });
        if (path.endsWith('/timeline')) return json({ profileType: TYPE, unit: 'nanoseconds', aggregation: 'sum', start: Date.now() - 3_600_000, step: 60, groupBy: null, lines: [{ labels: {}, values: Array.from({ length: 60 }, () => 1e9) }] });
        return json({ names: [], values: [] });
      });
      await page.goto(`${base}/explore?service=bench&type=${encodeURIComponent(TYPE)}&tab=flame`);
      await page.waitForFunction((n) => window.__pyrometer?.draws.some((d) => d.graph === 'flamegraph' && d.kind === 'first' && d.nodes >= n), fb.nodes, { timeout: 30_000 });
      const stats = await page.evaluate(() => ({
        first: window.__pyrometer.draws.find((d) => d.graph === 'flamegraph' && d.kind === 'first'),
        decode: window.__pyrometer.decodes.find((d) => d.graph === 'flamegraph'),
        height: document.querySelector('[data-testid="flamegraph"] canvas').getBoundingClientRect().height,
      }));
      firsts.push(stats.first.ms);
      draws.push(stats.first.drawMs);
      decodes.push(stats.decode.ms);
      depth = Math.round(stats.height / 20);
      if (run === 0) {
        // Zoom by real clicks: into a frame two levels down, then back out by clicking the root, in turn.
        for (let z = 0; z < ZOOMS; z++) {
          const canvas = await page.locator('[data-testid="flamegraph"] canvas').boundingBox();
          const zoomIn = z % 2 === 0;
          const x = canvas.x + canvas.width * (0.08 + 0.07 * z);
          const y = zoomIn ? canvas.y + 2 * 20 + 10 : canvas.y + 10;
          const before = await page.evaluate(() => window.__pyrometer.draws.length);
          await page.mouse.click(x, y);
          const drew = await page
            .waitForFunction((n) => window.__pyrometer.draws.length > n, before, { timeout: 5000 })
            .then(() => true, () => false);
          const last = await page.evaluate(() => window.__pyrometer.draws.at(-1));
          if (drew && last.kind === 'zoom') {
            zooms.push(last.ms);
          }
        }
        await page.screenshot({ path: resolve('target/render-bench.png') }).catch(() => {});
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (process.env.VERBOSE) {
    console.log({ firsts, draws, decodes, zooms });
  }
  console.log(`Flame graph render in Chromium (${(await import('node:os')).cpus()[0].model.trim()}, software canvas: --disable-gpu)`);
  console.log(`  graph: ${fb.nodes} nodes, ${depth} levels, 1440×900 window, ${RUNS} page loads`);
  console.log(`  decode flamebearer → model: median ${fmt(median(decodes))}`);
  console.log(`  first paint (colours + layout + draw): median ${fmt(median(firsts))}, max ${fmt(Math.max(...firsts))} (draw call alone: median ${fmt(median(draws))})   target ≤ 50 ms`);
  if (zooms.length > 0) {
    console.log(`  zoom (click → redraw): median ${fmt(median(zooms))}, max ${fmt(Math.max(...zooms))} over ${zooms.length} zooms   target ≤ 16 ms`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
