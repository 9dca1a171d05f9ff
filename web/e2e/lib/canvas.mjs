// Reading a flame graph's canvas in the browser scripts. A graph paints on the animation frame after its data or
// options change (web/src/ui/flame-graph.ts), and a loaded machine can delay that frame: a colour is therefore read
// once its point is painted, and a colour an action is to change is waited for, frame by frame, not read once.

/** The [r, g, b, a] under client point (x, y) of the canvas in [data-testid=graph]; a 0 for a point not painted yet. */
function readPixel([graph, x, y]) {
  const canvas = document.querySelector(`[data-testid="${graph}"] canvas`);
  const r = canvas.getBoundingClientRect();
  const dpr = canvas.width / r.width;
  return Array.from(canvas.getContext('2d').getImageData(Math.round((x - r.left) * dpr), Math.round((y - r.top) * dpr), 1, 1).data);
}

/**
 * The colour [r, g, b] under client point (x, y) of graph `graph` once it is painted and passes `test`
 * ([r, g, b] => boolean), looking again after each animation frame for up to `timeoutMs`; after that, the last
 * colour read (painted or not), which the caller's check then reports.
 */
export async function pixelWhere(page, graph, x, y, test, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rgba = await page.evaluate(readPixel, [graph, x, y]);
    const rgb = rgba.slice(0, 3);
    if ((rgba[3] > 0 && test(rgb)) || Date.now() > deadline) {
      return rgb;
    }
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  }
}

/** The colour [r, g, b] under client point (x, y) of graph `graph`, once painted (up to `timeoutMs`). */
export function pixel(page, graph, x, y, timeoutMs) {
  return pixelWhere(page, graph, x, y, () => true, timeoutMs);
}

/** Red: a frame that grew. */
export const isRed = ([r, g, b]) => r > 150 && r - g > 60 && r - b > 60;
/** Grey: a frame that did not change, or one a search leaves out. */
export const isGrey = ([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) < 24;
