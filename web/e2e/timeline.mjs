// The timeline in Chromium, against a running query-service whose database holds TimelineSeed's snapshots
// (TimelineBrowserIT seeds and starts one): a flat half-core load of back-to-back 9 s CPU profiles, and a
// "stepped" load (a quarter of a core, then one core), both over [E2E_ANCHOR_MS, E2E_ANCHOR_MS + E2E_SPAN_MS).
// Prints one "ok" line per check, saves screenshots, exits non-zero at the first failure.
//
//   BASE_URL=http://127.0.0.1:4040 E2E_ANCHOR_MS=… E2E_SPAN_MS=360000 node e2e/timeline.mjs
//
// Env: BASE_URL, SCREENSHOT_DIR (default target/screenshots), CHROMIUM (default /usr/bin/chromium), E2E_FLAT,
// E2E_STEPPED, E2E_ANCHOR_MS, E2E_SPAN_MS.
import { resolve } from 'node:path';
import { launch, newPage } from './lib/browser.mjs';
import { checks } from './lib/checks.mjs';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:4040').replace(/\/$/, '');
const SHOTS = resolve(process.env.SCREENSHOT_DIR || 'target/screenshots');
const FLAT = process.env.E2E_FLAT || 'flat-load';
const STEPPED = process.env.E2E_STEPPED || 'stepped-load';
const ANCHOR = Number(process.env.E2E_ANCHOR_MS);
const SPAN = Number(process.env.E2E_SPAN_MS || 360000);
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const HALF_CORE = 5e8;
const TIMEOUT = 30_000;

const { check, shot, run } = checks(SHOTS);

async function api(page, params) {
  return page.evaluate(async (p) => (await fetch('/api/v1/timeline?' + new URLSearchParams(p))).json(), params);
}

/** Waits until the timeline `testid` has drawn a y-scale (data-y-max) and its caption. */
async function drawn(page, testid) {
  await page.waitForFunction(
    (id) => {
      const t = document.querySelector(`[data-testid="${id}"]`);
      return t && Number(t.dataset.yMax) > 1 && document.querySelector(`[data-testid="${id}-caption"]`)?.textContent;
    },
    testid,
    { timeout: TIMEOUT },
  );
}

/**
 * The drawn line, read from the chart's canvas: per pixel column, the topmost pixel of the line's colour
 * (#e8590c, opaque); returns { columns, minY, maxY, firstX, lastX, width }.
 */
function linePixels(page, testid) {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`[data-testid="${id}"] canvas`);
    const { width, height } = canvas;
    const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const ys = [];
    let firstX = -1;
    let lastX = -1;
    for (let x = 0; x < width; x++) {
      for (let y = 0; y < height; y++) {
        const i = (y * width + x) * 4;
        if (Math.abs(pixels[i] - 232) < 24 && Math.abs(pixels[i + 1] - 89) < 24 && pixels[i + 2] < 50 && pixels[i + 3] > 200) {
          ys.push(y);
          firstX = firstX < 0 ? x : firstX;
          lastX = x;
          break;
        }
      }
    }
    return { columns: ys.length, minY: Math.min(...ys), maxY: Math.max(...ys), firstX, lastX, width };
  }, testid);
}

async function main() {
  check(Number.isFinite(ANCHOR), 'E2E_ANCHOR_MS is set');
  const browser = await launch();
  try {
    const { page, problems } = await newPage(browser);
    await page.goto(`${BASE}/`);

    // 1. The API: 10 s steps over back-to-back 9 s profiles of a flat load give the same rate in every step.
    // one absolute 15-minute window for the API and the page, so both have the same steps
    const from = String(ANCHOR - 5 * 60_000);
    const to = String(ANCHOR + SPAN + 4 * 60_000);
    const flat = await api(page, { profileType: CPU, query: `{service_name="${FLAT}"}`, from, to });
    const values = flat.lines[0].values.filter((v) => v !== null);
    check(flat.measure === 'rate' && flat.valueUnit === 'nanoseconds per second' && flat.step === 10,
      'the timeline answer is a rate in ns per second, in 10 s steps (chosen for 15 minutes)', JSON.stringify({ m: flat.measure, u: flat.valueUnit, s: flat.step }));
    check(values.length === SPAN / 10_000 && values.every((v) => v === HALF_CORE),
      `all ${SPAN / 10_000} steps with data are exactly half a core (5e8 ns/s)`, JSON.stringify(values));

    // 2. The explorer draws it flat, says what the line is and the step, and has more than two y ticks.
    await page.goto(`${BASE}/explore?service=${FLAT}&type=${encodeURIComponent(CPU)}&from=${from}&to=${to}`);
    await drawn(page, 'main-timeline');
    const caption = await page.getByTestId('main-timeline-caption').textContent();
    check(caption.includes('Rate per second of wall time') && caption.includes('10s steps'), 'the caption names the rate and the 10 s step', caption);
    const line = await linePixels(page, 'main-timeline');
    check(line.columns > 200 && line.maxY - line.minY <= 1,
      `the drawn line is flat within a pixel over ${line.columns} columns`, JSON.stringify(line));
    const ticks = Number(await page.getByTestId('main-timeline').getAttribute('data-y-ticks'));
    check(ticks > 2, `the y-axis has ${ticks} ticks`);
    const yMax = Number(await page.getByTestId('main-timeline').getAttribute('data-y-max'));
    check(Math.abs(yMax - HALF_CORE * 1.1) < 1, 'the y-scale tops at the largest value plus 10 %', String(yMax));
    await shot(page, 'timeline-flat');

    // 3. Hovering shows the value and time under the cursor.
    const box = await page.locator('[data-testid="main-timeline"] .u-over').boundingBox();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
    await page.waitForFunction(() => document.querySelector('[data-testid="main-timeline-hover"]')?.textContent, null, { timeout: TIMEOUT });
    const hover = await page.getByTestId('main-timeline-hover').textContent();
    const index = Number(await page.getByTestId('main-timeline-hover').getAttribute('data-index'));
    const at = new Date(flat.start + index * flat.step * 1000);
    check(flat.lines[0].values[index] === HALF_CORE && /^\d\d:\d\d:\d\d( [AP]M)?: 0\.5 cores$/.test(hover),
      `hovering step ${index} shows "${hover}"`, String(flat.lines[0].values[index]));
    check(hover.startsWith(at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })),
      'with the start of the step under the cursor', at.toISOString());
    await shot(page, 'timeline-hover');

    // 4. "Last 1h" over 6 minutes of data: drawn over the data's extent, the window named.
    await page.goto(`${BASE}/explore?service=${FLAT}&type=${encodeURIComponent(CPU)}&from=now-1h`);
    await drawn(page, 'main-timeline');
    const fitted = await linePixels(page, 'main-timeline');
    const extent = await page.getByTestId('main-timeline-extent').textContent();
    check((fitted.lastX - fitted.firstX) / fitted.width > 0.5,
      `6 minutes of data in a 1 h window fill ${Math.round((100 * (fitted.lastX - fitted.firstX)) / fitted.width)} % of the chart`, JSON.stringify(fitted));
    check(extent.includes('drawn where the data is'), 'the chart says it is drawn where the data is', extent);
    check(fitted.maxY - fitted.minY <= 1, 'and the 30 s steps are flat too', JSON.stringify(fitted));
    await shot(page, 'timeline-fitted');

    // 5. Compare: the baseline (a quarter of a core) and the comparison (one core) share one y-scale.
    const half = ANCHOR + SPAN / 2;
    await page.goto(`${BASE}/compare?service=${STEPPED}&type=${encodeURIComponent(CPU)}&from=${half}&to=${ANCHOR + SPAN}`
      + `&bservice=${STEPPED}&bfrom=${ANCHOR}&bto=${half}`);
    await drawn(page, 'base-timeline');
    await drawn(page, 'comparison-timeline');
    await page.waitForFunction(() => {
      const max = (id) => Number(document.querySelector(`[data-testid="${id}"]`).dataset.yMax);
      return max('base-timeline') === max('comparison-timeline');
    }, null, { timeout: TIMEOUT });
    const baseMax = Number(await page.getByTestId('base-timeline').getAttribute('data-y-max'));
    check(Math.abs(baseMax - 1.1e9) < 1, 'both timelines top at 1.1 cores: the comparison\'s 1 core plus 10 %', String(baseMax));
    const low = await linePixels(page, 'base-timeline');
    const high = await linePixels(page, 'comparison-timeline');
    check(low.minY > high.maxY, 'the baseline\'s quarter core is drawn lower than the comparison\'s core', JSON.stringify({ low, high }));
    await shot(page, 'timeline-compare-shared-scale');

    // 6. "Before vs after" over "last 1 h" splits the 6 minutes of data, not the hour.
    await page.goto(`${BASE}/compare?service=${STEPPED}&type=${encodeURIComponent(CPU)}&from=now-1h&bservice=${STEPPED}&bfrom=now-1h&bto=now`);
    await drawn(page, 'comparison-timeline');
    await page.getByTestId('preset-before-after').click();
    await page.waitForURL((u) => u.searchParams.has('bafrom'), { timeout: TIMEOUT });
    const url = new URL(page.url());
    const [bfrom, bto, afrom, ato] = ['bfrom', 'bto', 'from', 'to'].map((k) => Number(url.searchParams.get(k)));
    check(bfrom >= ANCHOR - 30_000 && bto === afrom && ato <= ANCHOR + SPAN + 30_000 && bto > ANCHOR && bto < ANCHOR + SPAN,
      'before and after split the data\'s extent', JSON.stringify({ bfrom, bto, afrom, ato, ANCHOR }));
    await drawn(page, 'ba-timeline');
    await shot(page, 'timeline-before-after');

    check(problems.length === 0, 'no console or page errors', problems.join('\n'));
  } finally {
    await browser.close();
  }
}

run(main);
