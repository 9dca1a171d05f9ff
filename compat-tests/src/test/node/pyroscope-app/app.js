// A Node workload pushing its profiles with @pyroscope/nodejs, for the compatibility tests.
//
// Settings (environment):
//   PYROSCOPE_SERVER_ADDRESS  server base URL, e.g. http://127.0.0.1:4040 (required)
//   APP_NAME                  application name (default pyrometer-compat-node)
//   FLUSH_INTERVAL_MS         how often the SDK uploads, in milliseconds (default 3000)
//   RUN_SECONDS               stop after this many seconds, 0 = run until killed (default 0)
//
// The CPU-hot function is `burnCpuInHotLoop`; `allocateRetainedBuffers` allocates on the heap so
// the heap profile has a stack of its own. Samples of the hot loop carry the label workload=hot.
'use strict';

const Pyroscope = require('@pyroscope/nodejs').default;

const serverAddress = process.env.PYROSCOPE_SERVER_ADDRESS;
if (!serverAddress) {
  console.error('PYROSCOPE_SERVER_ADDRESS is required');
  process.exit(2);
}
const appName = process.env.APP_NAME || 'pyrometer-compat-node';
const flushIntervalMs = Number(process.env.FLUSH_INTERVAL_MS || 3000);
const runSeconds = Number(process.env.RUN_SECONDS || 0);

Pyroscope.init({
  serverAddress,
  appName,
  flushIntervalMs,
  tags: { env: 'compat', region: 'local' },
  // A small heap sampling interval so a short run still records allocation samples.
  heap: { samplingIntervalBytes: 64 * 1024 },
});
Pyroscope.start();

/** Spins on floating-point work for about `millis` milliseconds; the hot method of this app. */
function burnCpuInHotLoop(millis) {
  const until = Date.now() + millis;
  let acc = 0;
  while (Date.now() < until) {
    for (let i = 1; i < 10000; i++) {
      acc += Math.sqrt(i) * Math.sin(i);
    }
  }
  return acc;
}

const retained = [];
/** Allocates arrays and keeps the newest 200, so heap samples stay live. */
function allocateRetainedBuffers() {
  for (let i = 0; i < 50; i++) {
    retained.push(new Array(2048).fill(i));
  }
  retained.splice(0, Math.max(0, retained.length - 200));
}

let sink = 0;
let stopping = false;
function workRound() {
  if (stopping) return;
  // A dynamic label: the SDK puts it on the wall samples taken inside the callback.
  Pyroscope.wrapWithLabels({ workload: 'hot' }, () => {
    sink += burnCpuInHotLoop(40);
  });
  allocateRetainedBuffers();
  // Yield to the event loop so the SDK's timers and uploads run.
  setTimeout(workRound, 5);
}
workRound();

if (runSeconds > 0) {
  setTimeout(async () => {
    stopping = true;
    await Pyroscope.stop();
    console.log('done', sink > 0 ? 'ok' : 'zero');
    process.exit(0);
  }, runSeconds * 1000);
}
