// What every browser script shares: one "ok - …" line per passed check, full-page screenshots, and the exit
// (0 after "ALL CHECKS PASSED (n)", 1 after "FAIL - message"), which the Java ITs read.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function checks(shotDir) {
  mkdirSync(shotDir, { recursive: true });
  let passed = 0;
  const ok = (message) => {
    passed++;
    console.log('ok - ' + message);
  };
  return {
    ok,
    /** Passes, or throws with the message and what was found instead. */
    check(condition, message, detail = '') {
      if (!condition) {
        throw new Error(message + (detail ? ': ' + detail : ''));
      }
      ok(message);
    },
    async shot(page, name) {
      const path = join(shotDir, name + '.png');
      await page.screenshot({ path, fullPage: true });
      console.log('   screenshot ' + path);
    },
    /** Runs the script's main and exits with its verdict. */
    run(main) {
      main().then(
        () => {
          console.log(`ALL CHECKS PASSED (${passed})`);
          process.exit(0);
        },
        (e) => {
          console.log('FAIL - ' + (e instanceof Error ? e.message : String(e)));
          process.exit(1);
        },
      );
    },
  };
}

// The value of the environment variable `name`; throws when it is unset or empty.
export function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(name + ' is required');
  }
  return value;
}
