// Launches Debian's Chromium through playwright-core: no browser download, ever.
import { chromium } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
    headless: true,
  });
}

/**
 * A page 1440×900 at device scale 1 ({@code ignoreHTTPSErrors}: accept the test's self-signed certificate), with console errors and page errors collected in {@code problems}, and
 * every dialog (alert, confirm: a name that ran as script) dismissed and its message collected in {@code dialogs}.
 */
export async function newPage(browser, { acceptDownloads = true, ignoreHTTPSErrors = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, acceptDownloads, ignoreHTTPSErrors });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      problems.push('console error: ' + m.text());
    }
  });
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  return { context, page, problems, dialogs };
}
