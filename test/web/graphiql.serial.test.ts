/**
 * GraphiQL at /graphiql in a real browser: a query and a mutation with the Authorization header
 * set in its Headers tab, a subscription over graphql-ws authenticated by the same header (sent as
 * connectionParams), the docs explorer from introspection, nothing loaded from elsewhere, and no
 * serious or critical accessibility violation (axe) with a response shown or the docs open.
 */
import type { Browser, Page } from 'playwright-core';

import { TEST_REDIS_URL } from '../support/test-redis';
import { startTestServer, type TestServer } from '../support/test-server';
import { postTweet, signUp, type SignedUpUser } from '../support/users';
import { accessibilityViolations, launchChromium, openPerson, screenshots, type Person } from './support/browser';
import { required } from '../support/required';

const UI_TIMEOUT_MS = 20_000;

let server: TestServer;
let browser: Browser;
let user: SignedUpUser;
const people: Person[] = [];

jest.setTimeout(120_000);

beforeAll(async () => {
  server = await startTestServer({ REDIS_URL: TEST_REDIS_URL });
  browser = await launchChromium();
  user = await signUp(server);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** GraphiQL opened on `query`, with the user's token in the Headers tab. */
async function openGraphiQL(query: string): Promise<Page> {
  const person = await openPerson(browser, server.baseUrl);
  people.push(person);
  const headers = JSON.stringify({ Authorization: `Bearer ${user.token}` });
  const schemaLoaded = person.page.waitForResponse((response) => response.request().postData()?.includes('IntrospectionQuery') ?? false, {
    timeout: UI_TIMEOUT_MS,
  });
  await person.page.goto(`/graphiql?query=${encodeURIComponent(query)}&headers=${encodeURIComponent(headers)}`);
  await schemaLoaded;
  // The editor shows the query once it is ready to run it (Monaco writes spaces as no-break spaces).
  await person.page
    .locator('.graphiql-query-editor')
    .filter({ hasText: words(required(query.split('{')[0], 'the text before the selection').trim() || '{') })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  return person.page;
}

/** Matches the text whatever spaces the editor renders between its words. */
function words(text: string): RegExp {
  return new RegExp(
    text
      .split(/\s+/)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+'),
  );
}

/** Waits until GraphiQL's response pane shows `text`. */
async function responseShows(page: Page, text: string, timeout = UI_TIMEOUT_MS): Promise<void> {
  await response(page)
    .filter({ hasText: words(text) })
    .waitFor({ timeout });
}

async function run(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Execute query/ }).click();
}

function response(page: Page) {
  return page.locator('.graphiql-response');
}

it('runs a query with the Authorization header set in GraphiQL', async () => {
  const page = await openGraphiQL('{ me { handle } }');
  await run(page);
  await responseShows(page, `"handle": "${user.handle}"`);
  await screenshots(page, 'graphiql');
  expect(await accessibilityViolations(page)).toEqual([]);
  // A second operation tab: a button marked current, its close button beside it (not inside it).
  await page.getByRole('button', { name: 'New tab' }).click();
  const tabs = page.getByRole('list', { name: 'Select active operation' });
  await tabs
    .locator('[aria-current="true"]')
    .filter({ hasText: /untitled/i })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await tabs.getByRole('listitem').count()).toBe(2);
  expect(await tabs.getByRole('button', { name: 'Close Tab' }).count()).toBeGreaterThan(0);
  expect(await accessibilityViolations(page)).toEqual([]);
});

it('runs a mutation with it', async () => {
  const page = await openGraphiQL('mutation { postTweet(text: "Posted from GraphiQL") { text author { handle } } }');
  await run(page);
  await responseShows(page, '"text": "Posted from GraphiQL"');
  const { data } = await server.request<{ user: { tweets: { edges: { node: { text: string } }[] } } }>(
    'query($h: String!) { user(handle: $h) { tweets(first: 1) { edges { node { text } } } } }',
    { h: user.handle },
  );
  expect(data?.user.tweets.edges[0]?.node.text).toBe('Posted from GraphiQL');
});

it('runs a subscription over graphql-ws, signed in by the same header', async () => {
  // homeTimeline answers UNAUTHENTICATED unless the header reached the socket as connectionParams.
  const page = await openGraphiQL('subscription { homeTimeline { text } }');
  const subscribed = page
    .waitForEvent('websocket')
    .then((socket) => socket.waitForEvent('framesent', { predicate: (frame) => String(frame.payload).includes('"type":"subscribe"') }));
  await run(page);
  await subscribed;
  // The subscription is live once the server has registered it: probe until a tweet arrives.
  let shown = false;
  for (let probe = 1; probe <= 20 && !shown; probe++) {
    await postTweet(server, user, `Live in GraphiQL ${probe}`);
    shown = await responseShows(page, `"text": "Live in GraphiQL ${probe}"`, 2_000).then(
      () => true,
      () => false,
    );
  }
  expect({ shown, response: shown ? '' : await response(page).innerText() }).toEqual({ shown: true, response: '' });
});

it('shows the schema in the docs explorer', async () => {
  const page = await openGraphiQL('{ me { id } }');
  await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
  const docs = page.locator('.graphiql-doc-explorer');
  await docs.getByText('subscription: Subscription').waitFor({ timeout: UI_TIMEOUT_MS });
  await docs.getByRole('link', { name: 'Subscription' }).first().click();
  await docs.getByText('tweetsUpdated').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await accessibilityViolations(page)).toEqual([]);
});

it('made no request outside the server and threw no error', () => {
  expect(people.flatMap((person) => person.foreignRequests)).toEqual([]);
  expect(people.flatMap((person) => person.pageErrors)).toEqual([]);
});
