/**
 * Browser tests' support: Debian's Chromium driven by playwright-core (no downloaded browser),
 * headless and kept off the network, pages that record every request outside the server's own
 * origin and every error the page logs, the axe accessibility check, and screenshots.
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { PROJECT_ROOT } from '../../../src/project-root';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Keep Chromium off the network: no background requests to Google's services, no updates, no sync. */
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where the tests put their screenshots (git-ignored). */
export const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-output', 'screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not at ${CHROMIUM_PATH}: install Debian's (\`apt-get install -y chromium\`; .ci/run does) or set CHROMIUM_PATH to one.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

/** One person's browser: a context of its own (its own localStorage), watched for what it loads. */
export interface Person {
  context: BrowserContext;
  page: Page;
  /** Requests to anywhere but the server's origin (data: and blob: URLs are the page's own). */
  foreignRequests: string[];
  /** Errors the page logged or threw, and CSP violations. */
  pageErrors: string[];
  /** Dialogs (alert, confirm) the page opened: markup in a tweet must never open one. */
  dialogs: string[];
}

export async function openPerson(browser: Browser, origin: string, viewport = DESKTOP): Promise<Person> {
  const context = await browser.newContext({ viewport, baseURL: origin });
  const page = await context.newPage();
  const person: Person = { context, page, foreignRequests: [], pageErrors: [], dialogs: [] };
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)) person.foreignRequests.push(url);
  });
  context.on('page', (other) => watch(other, person, origin));
  watch(page, person, origin);
  return person;
}

function watch(page: Page, person: Person, origin: string): void {
  page.on('pageerror', (error) => person.pageErrors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    // A failed request's console line is about the request (a 4xx the test asked for), not the page.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) person.pageErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    person.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('websocket', (socket) => {
    if (!socket.url().startsWith(`${origin.replace(/^http/, 'ws')}/`)) person.foreignRequests.push(socket.url());
  });
}

/** Serious and critical accessibility violations axe finds on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * Saves the page at desktop and phone width as `<name>-desktop.png` and `<name>-phone.png`;
 * answers how many pixels the page is wider than the phone's screen (0 when it fits).
 */
export async function screenshots(page: Page, name: string): Promise<{ phoneOverflowPx: number }> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const viewport = page.viewportSize() ?? DESKTOP;
  let phoneOverflowPx = 0;
  for (const [size, dimensions] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(dimensions);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${size}.png`), fullPage: true });
    if (size === 'phone') phoneOverflowPx = Math.max(0, (await page.evaluate<number>('document.documentElement.scrollWidth')) - dimensions.width);
  }
  await page.setViewportSize(viewport);
  return { phoneOverflowPx };
}
