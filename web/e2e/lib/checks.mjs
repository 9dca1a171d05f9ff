// One "ok - ..." line per passed check, counted; a failed check throws with what was seen. Screenshots full page.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export class Checks {
  constructor(screenshotDir) {
    this.dir = screenshotDir;
    this.passed = 0;
    mkdirSync(screenshotDir, { recursive: true });
  }

  ok(message) {
    this.passed++;
    console.log('ok - ' + message);
  }

  check(condition, message, detail = '') {
    if (!condition) {
      throw new Error(message + (detail ? ': ' + detail : ''));
    }
    this.ok(message);
  }

  async shot(page, name) {
    const path = join(this.dir, name + '.png');
    await page.screenshot({ path, fullPage: true });
    console.log('   screenshot ' + path);
  }
}
