/**
 * The browser tests' Chromium: when it is missing, they fail with what to do (install Debian's,
 * or set CHROMIUM_PATH), not with a stack trace from deep inside playwright.
 */
import { launchChromium } from './support/browser';

it('names the missing Chromium and how to get one', async () => {
  await expect(launchChromium('/nowhere/chromium')).rejects.toThrow(
    "Chromium is not at /nowhere/chromium: install Debian's (`apt-get install -y chromium`; .ci/run does) or set CHROMIUM_PATH to one.",
  );
});
