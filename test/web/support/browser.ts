/**
 * Browser tests' support: Debian's Chromium driven by playwright-core (no downloaded browser),
 * headless and kept off the network, pages that record every request outside the server's own
 * origin and every error the page logs, the axe accessibility check, and screenshots.
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { PROJECT_ROOT } from '../../../src/project-root';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Keep Chromium off the network: no background requests to Google's services, no updates, no sync. */
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where the tests put their screenshots (git-ignored). */
export const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-output', 'screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Debian's Chromium, headless and off the network; a missing one fails with what to do, not a stack trace from playwright. */
export async function launchChromium(executablePath = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is not at ${executablePath}: install Debian's (\`apt-get install -y chromium\`; .ci/run does) or set CHROMIUM_PATH to one.`);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
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
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}: ${violation.nodes[0]?.failureSummary ?? ''}`,
    );
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

/** Whether the element the locator finds has the keyboard focus now. */
export async function isFocused(page: Page, target: Locator): Promise<boolean> {
  return (await target.and(page.locator(':focus')).count()) > 0;
}

/** The focused element, described for a failure message. */
export async function focusedElement(page: Page): Promise<string> {
  return page.evaluate<string>(
    "(() => { const e = document.activeElement; return !e || e === document.body ? 'nothing (the page)' : `<${e.tagName.toLowerCase()}${e.id ? ' id=' + e.id : ''}> ${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 60)}`; })()",
  );
}

/** Presses Tab (Shift+Tab with `backward`) until `target` has the focus, as a keyboard user would; fails after `limit` presses. */
export async function tabTo(page: Page, target: Locator, { backward = false, limit = 100 } = {}): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press(backward ? 'Shift+Tab' : 'Tab');
    if (await isFocused(page, target)) return;
  }
  throw new Error(
    `${backward ? 'Shift+Tab' : 'Tab'} pressed ${limit} times never reached ${target.toString()}; the focus is on ${await focusedElement(page)}.`,
  );
}

/**
 * Keeps the page's WebSockets in `window.__sockets` (install before the page loads), so a test can
 * drop them as a network change would (`page.evaluate(CLOSE_SOCKETS)`), and the codes they were
 * closed with in `window.__socketCloseCodes` (`page.evaluate(SOCKET_CLOSE_CODES)`).
 */
export async function recordSockets(context: BrowserContext): Promise<void> {
  await context.addInitScript(`{
    const sockets = (window.__sockets = []);
    const codes = (window.__socketCloseCodes = []);
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        sockets.push(this);
        this.addEventListener('close', (event) => codes.push(event.code));
      }
    };
  }`);
}

export const CLOSE_SOCKETS = 'window.__sockets.forEach((socket) => socket.close())';
export const SOCKET_CLOSE_CODES = 'window.__socketCloseCodes';

/** Resolves when the page's next WebSocket is acknowledged by the server (graphql-ws `connection_ack`). */
export function nextSocketAcknowledged(page: Page): Promise<unknown> {
  return page
    .waitForEvent('websocket', { timeout: 60_000 })
    .then((socket) => socket.waitForEvent('framereceived', { predicate: (frame) => String(frame.payload).includes('connection_ack') }));
}

/** A live subscription a page holds: its operation and, for `tweetsUpdated`, how many tweet ids it watches. */
export interface LiveSubscription {
  operation: string;
  ids: number;
}

/**
 * Follows the graphql-ws subscriptions the page's sockets hold (subscribe, complete, error, a
 * closed socket), from the next page load on; answers the ones active now.
 */
export function watchSubscriptions(page: Page): () => LiveSubscription[] {
  const active = new Map<string, LiveSubscription>();
  let sockets = 0;
  page.on('websocket', (socket) => {
    const prefix = `${++sockets}:`;
    const ended = (payload: string | Buffer) => {
      const message = JSON.parse(String(payload)) as { id?: string; type?: string };
      if (message.id && (message.type === 'complete' || message.type === 'error')) active.delete(prefix + message.id);
    };
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { id?: string; type?: string; payload?: { query?: string; variables?: { ids?: unknown[] } } };
      if (message.id && message.type === 'subscribe') {
        const operation = /subscription\s+(\w+)/.exec(message.payload?.query ?? '')?.[1] ?? 'anonymous';
        active.set(prefix + message.id, { operation, ids: message.payload?.variables?.ids?.length ?? 0 });
      } else ended(payload);
    });
    socket.on('framereceived', ({ payload }) => ended(payload));
    socket.on('close', () => {
      for (const key of active.keys()) if (key.startsWith(prefix)) active.delete(key);
    });
  });
  return () => [...active.values()];
}
