/**
 * The web app in a real browser (Debian's Chromium through playwright-core), against a real
 * server with Neo4j and Redis: Ada and Grace, each in a browser context of their own, sign up,
 * follow, tweet, see each other's tweets and favorites arrive live, page through older tweets,
 * unfollow; errors are shown in words; markup in a tweet stays text; nothing is loaded from
 * anywhere but the server; axe finds no serious or critical violation on any page.
 */
import type { Browser, Locator, Page, Route } from 'playwright-core';

import { eventually } from '../support/eventually';
import { TEST_REDIS_URL } from '../support/test-redis';
import { startTestServer, type TestServer } from '../support/test-server';
import { follow, PASSWORD, postTweet, signUp, uniqueHandle } from '../support/users';
import {
  accessibilityViolations,
  CLOSE_SOCKETS,
  focusedElement,
  isFocused,
  launchChromium,
  nextSocketAcknowledged,
  openPerson,
  PHONE,
  recordSockets,
  SOCKET_CLOSE_CODES,
  screenshots,
  tabTo,
  watchSubscriptions,
  type Person,
} from './support/browser';

/** Long enough for a loaded two-core machine; every wait ends as soon as the page shows the thing. */
const UI_TIMEOUT_MS = 20_000;

let server: TestServer;
let browser: Browser;
let ada: Person;
let grace: Person;
const people: Person[] = [];
const adaHandle = uniqueHandle('ada');
const graceHandle = uniqueHandle('grc');
/** Accessibility violations by page, checked at the end (and as they are found). */
const violations: Record<string, string[]> = {};

jest.setTimeout(120_000);

beforeAll(async () => {
  server = await startTestServer({ REDIS_URL: TEST_REDIS_URL });
  browser = await launchChromium();
  ada = await person();
  grace = await person();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

async function person(viewport?: typeof PHONE): Promise<Person> {
  const opened = await openPerson(browser, server.baseUrl, viewport);
  people.push(opened);
  return opened;
}

async function checkAccessibility(page: Page, name: string): Promise<void> {
  violations[name] = await accessibilityViolations(page);
  expect({ page: name, violations: violations[name] }).toEqual({ page: name, violations: [] });
}

/** Waits until the locator's text is exactly `text`. */
async function textIs(locator: Locator, text: string): Promise<void> {
  await locator
    .filter({ hasText: new RegExp(`^\\s*${escape(text)}\\s*$`) })
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  expect((await locator.first().textContent())?.trim()).toBe(text);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function count(page: Page, name: 'Tweets' | 'Following' | 'Followers'): Locator {
  return page
    .locator('dl.counts > div')
    .filter({ has: page.getByText(name, { exact: true }) })
    .locator('dd');
}

function tweet(page: Page, text: string): Locator {
  return page.getByRole('article').filter({ has: page.getByText(text, { exact: true }) });
}

/**
 * Which of `strings` the page shows isolated and which not: each text node holding one counts as
 * isolated when its element is a `<bdi>` or has `dir="auto"`, so nothing in it can reorder what is
 * shown beside it. A string shown nowhere is in neither list.
 */
async function isolation(page: Page, strings: string[]): Promise<{ isolated: string[]; notIsolated: string[] }> {
  const found = await page.evaluate<[string, boolean][]>(`(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      const isolated = element.localName === 'bdi' || element.getAttribute('dir') === 'auto';
      for (const text of ${JSON.stringify(strings)}) if (node.data.includes(text)) found.push([text, isolated]);
    }
    return found;
  })()`);
  const shown = (isolated: boolean) => strings.filter((text) => found.some(([at, is]) => at === text && is === isolated));
  return { isolated: shown(true), notIsolated: shown(false) };
}

/** The direction the browser lays the element out in, from its `dir` or the text's own with `dir="auto"`. */
async function direction(page: Page, element: Locator): Promise<'ltr' | 'rtl'> {
  await element.waitFor();
  return (await element.and(page.locator(':dir(rtl)')).count()) > 0 ? 'rtl' : 'ltr';
}

async function signUpInBrowser(who: Person, handle: string, displayName: string): Promise<void> {
  await who.page.goto('/');
  await checkAccessibility(who.page, 'welcome');
  await who.page.getByRole('link', { name: 'Sign up' }).click();
  await who.page.getByLabel('Handle').fill(handle);
  await who.page.getByLabel('Password').fill(PASSWORD);
  await who.page.getByLabel('Display name').fill(displayName);
  await who.page.getByRole('button', { name: 'Sign up' }).click();
  await who.page.waitForURL('**/home', { timeout: UI_TIMEOUT_MS });
  await who.page.getByRole('heading', { name: 'Home' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

async function compose(who: Person, text: string): Promise<void> {
  await who.page.getByRole('button', { name: 'Tweet' }).click();
  const dialog = who.page.getByRole('dialog');
  await dialog.getByLabel("What's happening?").fill(text);
  await dialog.getByRole('button', { name: 'Post' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

it('Ada and Grace sign up, and a session survives a reload', async () => {
  await signUpInBrowser(ada, adaHandle, 'Ada Lovelace');
  await signUpInBrowser(grace, graceHandle, 'Grace Hopper');
  await checkAccessibility(ada.page, 'home (empty)');
  await ada.page.reload();
  await ada.page.getByRole('button', { name: 'Log out' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await ada.page.getByRole('button', { name: 'Tweet' }).waitFor();
});

it('Ada follows Grace from her profile and the counts change at once', async () => {
  await ada.page.goto(`/@${graceHandle}`);
  await ada.page.getByRole('heading', { name: 'Grace Hopper' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await textIs(count(ada.page, 'Followers'), '0');
  const answered = ada.page.waitForResponse((response) => response.request().postData()?.includes('"operationName":"Follow"') ?? false);
  await ada.page.getByRole('button', { name: 'Follow', exact: true }).click();
  await textIs(count(ada.page, 'Followers'), '1');
  await ada.page.getByRole('button', { name: 'Unfollow' }).waitFor();
  await checkAccessibility(ada.page, 'profile (another person)');
  // The server agrees, once it has answered.
  expect((await answered).status()).toBe(200);
  const { data } = await server.request<{ user: { followerCount: number } }>('query($h: String!) { user(handle: $h) { followerCount } }', { h: graceHandle });
  expect(data?.user.followerCount).toBe(1);
});

it("Grace's tweet from the compose dialog reaches Ada's open home page without a reload", async () => {
  await ada.page.getByRole('link', { name: 'Home' }).click();
  await ada.page.getByRole('heading', { name: 'Home' }).waitFor();
  await grace.page.goto(`/@${graceHandle}`);
  await grace.page.getByRole('heading', { name: 'Grace Hopper' }).waitFor({ timeout: UI_TIMEOUT_MS });

  const text = 'Hello from Grace: the first compiler!';
  await grace.page.getByRole('button', { name: 'Tweet' }).click();
  const dialog = grace.page.getByRole('dialog');
  await checkAccessibility(grace.page, 'compose dialog');
  await dialog.getByLabel("What's happening?").fill(text);
  await textIs(dialog.getByText(/\/ 280$/), `${Array.from(text).length} / 280`);
  await dialog.getByRole('button', { name: 'Post' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  await tweet(grace.page, text).waitFor({ timeout: UI_TIMEOUT_MS });

  await tweet(ada.page, text).waitFor({ timeout: UI_TIMEOUT_MS });
  await tweet(ada.page, text)
    .getByRole('link', { name: /Grace Hopper/ })
    .waitFor();
});

it("Ada favorites it, and the count on Grace's open profile page changes without a reload", async () => {
  const text = 'Hello from Grace: the first compiler!';
  const onAdasHome = tweet(ada.page, text);
  await onAdasHome.getByRole('button', { name: 'Favorite' }).click();
  await onAdasHome.getByRole('button', { name: 'Unfavorite' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await textIs(onAdasHome.locator('.favorite-count'), '1');
  await textIs(tweet(grace.page, text).locator('.favorite-count'), '1');
  await checkAccessibility(ada.page, 'home');
  await checkAccessibility(grace.page, 'profile (own)');
  expect(await tweet(ada.page, text).locator('time').getAttribute('title')).toMatch(/\b20\d\d\b/);
  expect(await screenshots(ada.page, 'home')).toEqual({ phoneOverflowPx: 0 });
  expect(await screenshots(grace.page, 'profile')).toEqual({ phoneOverflowPx: 0 });
});

it("a tweet's page, linked from its time, shows who favorited it; a profile lists its followers", async () => {
  const text = 'Hello from Grace: the first compiler!';
  await tweet(grace.page, text)
    .getByRole('link', { name: /^\d+[smhd]$/ })
    .click();
  await grace.page.waitForURL(`**/@${graceHandle}/status/*`);
  const favoritedBy = grace.page.getByRole('list', { name: 'Favorited by' });
  await favoritedBy.getByRole('link', { name: /Ada Lovelace/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  await checkAccessibility(grace.page, 'tweet page');
  expect(await screenshots(grace.page, 'tweet')).toEqual({ phoneOverflowPx: 0 });

  await grace.page.goto(`/@${graceHandle}`);
  await grace.page.getByRole('link', { name: 'Followers' }).click();
  const followers = grace.page.getByRole('list', { name: 'People following Grace Hopper' });
  await followers.getByRole('link', { name: /Ada Lovelace/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  await checkAccessibility(grace.page, 'followers');
  await grace.page.goto(`/@${graceHandle}`);
  await tweet(grace.page, text).waitFor({ timeout: UI_TIMEOUT_MS });

  await ada.page.goto(`/@${adaHandle}/favorites`);
  await tweet(ada.page, text).waitFor({ timeout: UI_TIMEOUT_MS });
  await checkAccessibility(ada.page, 'favorites');
  await ada.page.goto('/home');
  await tweet(ada.page, text).waitFor({ timeout: UI_TIMEOUT_MS });
});

it('the owner of a profile edits the display name and bio; others cannot', async () => {
  await grace.page.getByRole('button', { name: 'Edit profile' }).click();
  await grace.page.getByLabel('Display name').fill('Rear Admiral Grace Hopper');
  await grace.page.getByLabel('Bio').fill('x'.repeat(161));
  await grace.page.getByRole('button', { name: 'Save' }).click();
  await grace.page.getByText('Bio must be at most 160 characters.').waitFor({ timeout: UI_TIMEOUT_MS });
  await grace.page.getByLabel('Bio').fill('Wrote the first compiler. "It\'s easier to ask forgiveness than permission."');
  await grace.page.getByRole('button', { name: 'Save' }).click();
  await grace.page.getByRole('heading', { name: 'Rear Admiral Grace Hopper' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await grace.page.getByText('Wrote the first compiler.', { exact: false }).waitFor();
  await grace.page.getByLabel('Bio').waitFor({ state: 'detached' });
  const { data } = await server.request<{ user: { displayName: string } }>('query($h: String!) { user(handle: $h) { displayName } }', { h: graceHandle });
  expect(data?.user.displayName).toBe('Rear Admiral Grace Hopper');
  // Back to the name the rest of the story uses.
  await grace.page.getByRole('button', { name: 'Edit profile' }).click();
  await grace.page.getByLabel('Display name').fill('Grace Hopper');
  await grace.page.getByRole('button', { name: 'Save' }).click();
  await grace.page.getByRole('heading', { name: 'Grace Hopper', exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
  await ada.page.goto(`/@${graceHandle}`);
  await ada.page.getByRole('heading', { name: 'Grace Hopper', exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await ada.page.getByRole('button', { name: 'Edit profile' }).count()).toBe(0);
  await ada.page.goto('/home');
  await ada.page.getByRole('heading', { name: 'Home' }).waitFor();
});

it('shows markup in a tweet as text, never as markup', async () => {
  const markup = '<img src=x onerror=alert(1)> <b>bold?</b>';
  await compose(grace, markup);
  const shown = tweet(ada.page, markup);
  await shown.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await shown.locator('img, b').count()).toBe(0);
  expect(await shown.locator('.tweet-text').textContent()).toBe(markup);
  expect([...ada.dialogs, ...grace.dialogs]).toEqual([]);
});

it("Grace deletes a tweet: it leaves her profile and, live, Ada's home", async () => {
  const markup = '<img src=x onerror=alert(1)> <b>bold?</b>';
  await textIs(count(grace.page, 'Tweets'), '2');
  await tweet(grace.page, markup).getByRole('button', { name: 'Delete' }).click();
  await tweet(grace.page, markup).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  await textIs(count(grace.page, 'Tweets'), '1');
  await tweet(ada.page, markup).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  expect(await tweet(ada.page, 'Hello from Grace: the first compiler!').count()).toBe(1);
  expect(await tweet(ada.page, 'Hello from Grace: the first compiler!').getByRole('button', { name: 'Delete' }).count()).toBe(0);
});

it('counts the 280 characters as the server does and disables "Post" when empty or too long', async () => {
  await grace.page.getByRole('button', { name: 'Tweet' }).click();
  const dialog = grace.page.getByRole('dialog');
  const post = dialog.getByRole('button', { name: 'Post' });
  expect(await post.isDisabled()).toBe(true);
  await dialog.getByLabel("What's happening?").fill('🐦'.repeat(280));
  await textIs(dialog.getByText(/\/ 280$/), '280 / 280');
  expect(await post.isEnabled()).toBe(true);
  await dialog.getByLabel("What's happening?").fill('🐦'.repeat(281));
  await textIs(dialog.getByText(/\/ 280$/), '281 / 280');
  expect(await post.isDisabled()).toBe(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
});

it('"Show older" on a profile with 45 tweets shows all 45 once each, newest first, live through one subscription', async () => {
  const author = await signUp(server, uniqueHandle('many'));
  for (let n = 1; n <= 45; n++) await postTweet(server, author, `Tweet number ${n}`);
  const subscriptions = watchSubscriptions(ada.page);
  await ada.page.goto(`/@${author.handle}`);
  const articles = ada.page.getByRole('article');
  await articles.nth(19).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await articles.count()).toBe(20);
  await ada.page.getByRole('button', { name: 'Show older' }).click();
  await articles.nth(39).waitFor({ timeout: UI_TIMEOUT_MS });
  await ada.page.getByRole('button', { name: 'Show older' }).click();
  await articles.nth(44).waitFor({ timeout: UI_TIMEOUT_MS });
  await ada.page.getByRole('button', { name: 'Show older' }).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  const texts = await articles.locator('.tweet-text').allTextContents();
  expect(texts).toEqual(Array.from({ length: 45 }, (_, i) => `Tweet number ${45 - i}`));
  // The counts of all 45 come through one tweetsUpdated subscription (not one per tweet), next to the profile's tweetPosted.
  const expected = [
    { operation: 'TweetPosted', ids: 0 },
    { operation: 'TweetsUpdated', ids: 45 },
  ];
  const live = await eventually(
    () => Promise.resolve(subscriptions().sort((a, b) => a.operation.localeCompare(b.operation))),
    (now) => JSON.stringify(now) === JSON.stringify(expected),
    { timeoutMs: UI_TIMEOUT_MS, what: 'one tweetsUpdated subscription for the 45 tweets' },
  );
  expect(live).toEqual(expected);
});

it('isolates what people write (names, handles, bios, tweets): each keeps its own direction; a tweet with nothing visible is refused in words', async () => {
  const [author, fan] = [await signUp(server, uniqueHandle('rtl')), await signUp(server, uniqueHandle('fan'))];
  const UPDATE = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }';
  await server.request(UPDATE, { input: { displayName: 'مريم الخوارزمي', bio: 'כותבת שירים, 2024' } }, author.token);
  await server.request(UPDATE, { input: { displayName: 'داريوش \u2764\ufe0f', bio: 'می\u200cخواهم' } }, fan.token);
  await follow(server, fan, author);
  const persian = 'سلام دنیا، می\u200cخواهم 👩\u200d💻';
  await postTweet(server, author, 'Hello, world');
  await postTweet(server, author, persian);

  await ada.page.goto(`/@${author.handle}`);
  await tweet(ada.page, persian).waitFor({ timeout: UI_TIMEOUT_MS });
  await tweet(ada.page, 'Hello, world').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await isolation(ada.page, ['مريم الخوارزمي', author.handle, 'כותבת שירים, 2024', persian, 'Hello, world'])).toEqual({
    isolated: ['مريم الخوارزمي', author.handle, 'כותבת שירים, 2024', persian, 'Hello, world'],
    notIsolated: [],
  });
  expect(await direction(ada.page, ada.page.locator('#profile-name'))).toBe('rtl');
  expect(await direction(ada.page, tweet(ada.page, persian).locator('.tweet-text'))).toBe('rtl');
  expect(await direction(ada.page, tweet(ada.page, 'Hello, world').locator('.tweet-text'))).toBe('ltr');

  await ada.page.goto(`/@${author.handle}/followers`);
  await ada.page.getByRole('link', { name: /داريوش/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await isolation(ada.page, ['مريم الخوارزمي', 'داريوش \u2764\ufe0f', fan.handle, 'می\u200cخواهم'])).toEqual({
    isolated: ['مريم الخوارزمي', 'داريوش \u2764\ufe0f', fan.handle, 'می\u200cخواهم'],
    notIsolated: [],
  });

  await ada.page.getByRole('button', { name: 'Tweet' }).click();
  const dialog = ada.page.getByRole('dialog');
  await dialog.getByLabel("What's happening?").fill('\u200b\u2060');
  await dialog.getByRole('button', { name: 'Post' }).click();
  await dialog.getByText('Text must have at least one visible character.').waitFor({ timeout: UI_TIMEOUT_MS });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
});

it('Ada unfollows Grace and the counts change back', async () => {
  await ada.page.goto(`/@${graceHandle}`);
  await textIs(count(ada.page, 'Followers'), '1');
  await ada.page.getByRole('button', { name: 'Unfollow' }).click();
  await textIs(count(ada.page, 'Followers'), '0');
  await ada.page.getByRole('button', { name: 'Follow', exact: true }).waitFor();
});

it('Follow that does not reach the server is rolled back, with the reason in words', async () => {
  const other = await signUp(server, uniqueHandle('rol'));
  await ada.page.goto(`/@${other.handle}`);
  await textIs(count(ada.page, 'Followers'), '0');
  // The network drops the request (the server never sees it), once the page has shown the follow.
  let drop = () => {};
  const shown = new Promise<void>((resolve) => (drop = resolve));
  const dropped = async (route: Route) => {
    if (!route.request().postData()?.includes('"operationName":"Follow"')) return route.fallback();
    await shown;
    await route.abort('internetdisconnected');
  };
  await ada.page.route('**/graphql', dropped);
  await ada.page.getByRole('button', { name: 'Follow', exact: true }).click();
  await textIs(count(ada.page, 'Followers'), '1');
  await ada.page.getByRole('button', { name: 'Unfollow' }).waitFor();
  drop();
  await ada.page.getByRole('alert').filter({ hasText: 'The server could not be reached. Try again.' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await textIs(count(ada.page, 'Followers'), '0');
  await ada.page.getByRole('button', { name: 'Follow', exact: true }).waitFor();
  await ada.page.unroute('**/graphql', dropped);
  const { data } = await server.request<{ user: { followerCount: number } }>('query($h: String!) { user(handle: $h) { followerCount } }', { h: other.handle });
  expect(data?.user.followerCount).toBe(0);
});

it('"Post" pressed again after its answer was lost posts the tweet once', async () => {
  const text = `Posted once, answered twice ${Date.now()}`;
  // The first PostTweet reaches the server, which posts it; its answer never reaches the page.
  let lost = false;
  const loseAnswer = async (route: Route) => {
    if (lost || !route.request().postData()?.includes('"operationName":"PostTweet"')) return route.fallback();
    lost = true;
    await route.fetch();
    await route.abort('internetdisconnected');
  };
  await grace.page.route('**/graphql', loseAnswer);
  await grace.page.getByRole('button', { name: 'Tweet' }).click();
  const dialog = grace.page.getByRole('dialog');
  await dialog.getByLabel("What's happening?").fill(text);
  await dialog.getByRole('button', { name: 'Post' }).click();
  await dialog.getByRole('alert').waitFor({ timeout: UI_TIMEOUT_MS });
  await dialog.getByRole('button', { name: 'Post' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  await grace.page.unroute('**/graphql', loseAnswer);
  const { data } = await server.request<{ user: { tweets: { edges: { node: { text: string } }[] } } }>(
    'query($h: String!) { user(handle: $h) { tweets(first: 20) { edges { node { text } } } } }',
    { h: graceHandle },
  );
  expect(data?.user.tweets.edges.filter((edge) => edge.node.text === text)).toHaveLength(1);
});

it('shows errors in words next to the field: a taken handle, too short a password', async () => {
  const newcomer = await person(PHONE);
  await newcomer.page.goto('/signup');
  await newcomer.page.getByLabel('Handle').fill(adaHandle.toUpperCase());
  await newcomer.page.getByLabel('Password').fill(PASSWORD);
  await newcomer.page.getByRole('button', { name: 'Sign up' }).click();
  const taken = newcomer.page.getByText(`The handle "${adaHandle.toUpperCase()}" is already taken.`);
  await taken.waitFor({ timeout: UI_TIMEOUT_MS });
  const handleField = newcomer.page.getByLabel('Handle');
  expect(await handleField.getAttribute('aria-invalid')).toBe('true');
  expect(await handleField.getAttribute('aria-describedby')).toContain(await taken.getAttribute('id'));

  await newcomer.page.getByLabel('Handle').fill(uniqueHandle('new'));
  await newcomer.page.getByLabel('Password').fill('short');
  await newcomer.page.getByRole('button', { name: 'Sign up' }).click();
  await newcomer.page.getByText('Password must be at least 8 characters.').waitFor({ timeout: UI_TIMEOUT_MS });
  await checkAccessibility(newcomer.page, 'sign up (with errors)');
  expect(await screenshots(newcomer.page, 'sign-up-errors')).toEqual({ phoneOverflowPx: 0 });
});

it('logs out and back in', async () => {
  await ada.page.getByRole('button', { name: 'Log out' }).click();
  await ada.page.getByRole('link', { name: 'Log in' }).first().click();
  await checkAccessibility(ada.page, 'log in');
  await ada.page.getByLabel('Handle').fill(adaHandle);
  await ada.page.getByLabel('Password').fill('not the password');
  await ada.page.getByRole('button', { name: 'Log in' }).click();
  await ada.page
    .getByRole('alert')
    .filter({ hasText: /handle or password/i })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await ada.page.getByLabel('Password').fill(PASSWORD);
  await ada.page.getByRole('button', { name: 'Log in' }).click();
  await ada.page.waitForURL('**/home', { timeout: UI_TIMEOUT_MS });
  await ada.page.getByRole('button', { name: 'Log out' }).waitFor({ timeout: UI_TIMEOUT_MS });
});

it('the whole story works with the keyboard alone, and the focus lands where the person goes on', async () => {
  const writer = await signUp(server, uniqueHandle('kbd'));
  for (let n = 1; n <= 22; n++) await postTweet(server, writer, `Keyboard tweet ${n}`);
  const typist = await person();
  const { page } = typist;
  const focused = async (target: Locator) => expect({ focused: (await isFocused(page, target)) || (await focusedElement(page)) }).toEqual({ focused: true });

  // Sign up: Tab to the link, the fields in order, Enter submits.
  await page.goto('/');
  await tabTo(page, page.getByRole('link', { name: 'Sign up' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Join Chirp' }).waitFor();
  await tabTo(page, page.getByLabel('Handle'));
  await page.keyboard.type(uniqueHandle('typ'));
  await page.keyboard.press('Tab');
  await focused(page.getByLabel('Password'));
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  await focused(page.getByLabel('Display name'));
  await page.keyboard.type('Kay Board');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Home' }).waitFor({ timeout: UI_TIMEOUT_MS });
  // The new page's content has the focus, not the sign-up button that is gone.
  await focused(page.locator('#main'));

  // A profile, by its address; "Skip to content", then Follow.
  await page.goto(`/@${writer.handle}`);
  await page.getByRole('heading', { name: writer.handle }).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Tab');
  await focused(page.getByRole('link', { name: 'Skip to content' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Follow', exact: true }));
  await page.keyboard.press('Enter');
  await textIs(count(page, 'Followers'), '1');
  await focused(page.getByRole('button', { name: 'Unfollow' }));

  // The compose dialog: Space opens it on the text box, Escape closes it back on "Tweet".
  const tweetButton = page.getByRole('button', { name: 'Tweet' });
  await tabTo(page, tweetButton, { backward: true });
  await page.keyboard.press('Space');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await focused(dialog.getByLabel("What's happening?"));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await focused(tweetButton);
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.type('Typed without a mouse');
  await page.keyboard.press('Tab');
  await focused(dialog.getByRole('button', { name: 'Cancel' }));
  await page.keyboard.press('Tab');
  await focused(dialog.getByRole('button', { name: 'Post' }));
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  await focused(tweetButton);

  // Favorite the newest tweet: the button keeps the focus under its new name.
  const newest = tweet(page, 'Keyboard tweet 22');
  await tabTo(page, newest.getByRole('button', { name: 'Favorite' }));
  await page.keyboard.press('Enter');
  await textIs(newest.locator('.favorite-count'), '1');
  await focused(newest.getByRole('button', { name: 'Unfavorite' }));

  // "Show older": the focus goes to the first older tweet, where reading goes on.
  await tabTo(page, page.getByRole('button', { name: 'Show older' }));
  await page.keyboard.press('Enter');
  await tweet(page, 'Keyboard tweet 1').waitFor({ timeout: UI_TIMEOUT_MS });
  await focused(tweet(page, 'Keyboard tweet 2'));
  expect(await page.getByRole('button', { name: 'Show older' }).count()).toBe(0);

  // Back up to Unfollow, then to Log out.
  await tabTo(page, page.getByRole('button', { name: 'Unfollow' }), { backward: true, limit: 150 });
  const unfollowed = page.waitForResponse((response) => response.request().postData()?.includes('"operationName":"Unfollow"') ?? false);
  await page.keyboard.press('Space');
  await textIs(count(page, 'Followers'), '0');
  await focused(page.getByRole('button', { name: 'Follow', exact: true }));
  expect((await unfollowed).status()).toBe(200);
  await tabTo(page, page.getByRole('button', { name: 'Log out' }), { backward: true });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Welcome to Chirp' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await focused(page.locator('#main'));
  await page.keyboard.press('Tab');
  await focused(page.getByRole('link', { name: 'Create an account' }));

  const { data } = await server.request<{ user: { followerCount: number; tweets: { edges: { node: { text: string; favoriteCount: number } }[] } } }>(
    'query($h: String!) { user(handle: $h) { followerCount tweets(first: 1) { edges { node { text favoriteCount } } } } }',
    { h: writer.handle },
  );
  expect(data?.user.followerCount).toBe(0);
  expect(data?.user.tweets.edges[0]?.node).toEqual({ text: 'Keyboard tweet 22', favoriteCount: 1 });
  expect(typist.pageErrors).toEqual([]);
});

it('after the connection drops and comes back, the home page and an open profile show what was published meanwhile', async () => {
  const [writer, reader] = [await signUp(server, uniqueHandle('wri')), await signUp(server, uniqueHandle('rea'))];
  await follow(server, reader, writer);
  const away = await person();
  // The page's WebSockets, so the test can drop them as a network change would.
  await recordSockets(away.context);
  await away.page.goto('/');
  await away.page.evaluate(`localStorage.setItem('chirp.token', ${JSON.stringify(reader.token)})`);
  const profile = await away.context.newPage();
  const connected = [nextSocketAcknowledged(away.page), nextSocketAcknowledged(profile)];
  await away.page.goto('/home');
  await profile.goto(`/@${writer.handle}`);
  await Promise.all(connected);
  await postTweet(server, writer, 'Before the drop');
  await tweet(away.page, 'Before the drop').waitFor({ timeout: UI_TIMEOUT_MS });
  await tweet(profile, 'Before the drop').waitFor({ timeout: UI_TIMEOUT_MS });

  await away.context.setOffline(true);
  for (const page of [away.page, profile]) await page.evaluate(CLOSE_SOCKETS);
  await postTweet(server, writer, 'While the connection was down');
  const reconnected = [nextSocketAcknowledged(away.page), nextSocketAcknowledged(profile)];
  await away.context.setOffline(false);
  await Promise.all(reconnected);
  await tweet(away.page, 'While the connection was down').waitFor({ timeout: UI_TIMEOUT_MS });
  await tweet(profile, 'While the connection was down').waitFor({ timeout: UI_TIMEOUT_MS });
  await profile.close();
  const texts = await away.page.getByRole('article').locator('.tweet-text').allTextContents();
  expect(texts.slice(0, 2)).toEqual(['While the connection was down', 'Before the drop']);

  // Reading further down, a new tweet waits behind a button instead of moving the page.
  await away.page.setViewportSize({ width: PHONE.width, height: 300 });
  await away.page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
  expect(await away.page.evaluate('window.scrollY')).toBeGreaterThan(120);
  await postTweet(server, writer, 'Arrived while reading');
  const showNew = away.page.getByRole('button', { name: 'Show 1 new tweet' });
  await showNew.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await tweet(away.page, 'Arrived while reading').count()).toBe(0);
  await showNew.click();
  await tweet(away.page, 'Arrived while reading').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await away.page.evaluate('window.scrollY')).toBe(0);
});

it('signs the person out with a message when the server refuses the session', async () => {
  const refused = await person();
  await refused.page.goto('/');
  await refused.page.evaluate("localStorage.setItem('chirp.token', 'not.a.valid-token')");
  await refused.page.goto('/home');
  await refused.page.getByRole('alert').filter({ hasText: 'Your session has ended. Please log in again.' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await refused.page.getByRole('heading', { name: 'Log in to Chirp' }).waitFor();
  expect(await refused.page.evaluate("localStorage.getItem('chirp.token')")).toBeNull();
});

/** A browser signed in as `user`, with its WebSockets recorded (recordSockets). */
async function signedIn(user: { token: string }): Promise<Person> {
  const who = await person();
  await recordSockets(who.context);
  await who.page.goto('/');
  await who.page.evaluate(`localStorage.setItem('chirp.token', ${JSON.stringify(user.token)})`);
  return who;
}

async function logOutEverywhere(user: { token: string }): Promise<void> {
  const { data } = await server.request<{ logOutEverywhere: boolean }>('mutation { logOutEverywhere }', {}, user.token);
  expect(data?.logOutEverywhere).toBe(true);
}

it("a session ended elsewhere (log out everywhere) ends at the person's next request, with a message, and logging in again returns to the page", async () => {
  const [user, follower] = [await signUp(server, uniqueHandle('end')), await signUp(server, uniqueHandle('fol'))];
  await follow(server, follower, user);
  const ended = await signedIn(user);
  // A page with no live subscription, so no socket: the refusal comes from an HTTP request.
  await ended.page.goto(`/@${user.handle}/followers`);
  const row = ended.page.getByRole('listitem').filter({ has: ended.page.getByRole('link', { name: new RegExp(follower.handle) }) });
  await row.getByRole('button', { name: 'Follow', exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
  await logOutEverywhere(user);

  const answered = ended.page.waitForResponse((response) => response.request().postData()?.includes('"operationName":"Follow"') ?? false);
  await row.getByRole('button', { name: 'Follow', exact: true }).click();
  expect((await answered).status()).toBe(401);
  await ended.page.getByRole('alert').filter({ hasText: 'Your session has ended. Please log in again.' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await ended.page.waitForURL('**/login');
  expect(await ended.page.evaluate("localStorage.getItem('chirp.token')")).toBeNull();
  await checkAccessibility(ended.page, 'log in (session ended)');

  await ended.page.getByLabel('Handle').fill(user.handle);
  await ended.page.getByLabel('Password').fill(PASSWORD);
  await ended.page.getByRole('button', { name: 'Log in' }).click();
  await ended.page.waitForURL(`**/@${user.handle}/followers`, { timeout: UI_TIMEOUT_MS });
  await ended.page.getByRole('alert').waitFor({ state: 'detached' });
  await row.getByRole('button', { name: 'Follow', exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
});

it('a session ended elsewhere ends when the live connection is refused (4403) as it comes back', async () => {
  const user = await signUp(server, uniqueHandle('soc'));
  const ended = await signedIn(user);
  const connected = nextSocketAcknowledged(ended.page);
  await ended.page.goto('/home');
  await connected;
  await logOutEverywhere(user);
  // The socket drops (or the server closes it itself); it comes back with the old token and is refused.
  await ended.page.evaluate(CLOSE_SOCKETS);
  await ended.page.getByRole('alert').filter({ hasText: 'Your session has ended. Please log in again.' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await ended.page.getByRole('heading', { name: 'Log in to Chirp' }).waitFor();
  expect(await ended.page.evaluate("localStorage.getItem('chirp.token')")).toBeNull();
  // The socket said so: the server closes a user's sockets with 4403 when their sessions end, and
  // refuses the old token when the socket comes back. (A request the page had in flight at that
  // moment may be refused over HTTP too; either path signs the person out, the other test covers HTTP.)
  expect(await ended.page.evaluate<number[]>(SOCKET_CLOSE_CODES)).toContain(4403);
});

it('made no request outside the server, logged no error and found no serious accessibility violation', () => {
  expect(people.flatMap((who) => who.foreignRequests)).toEqual([]);
  expect(people.flatMap((who) => who.pageErrors)).toEqual([]);
  expect(Object.entries(violations).filter(([, found]) => found.length > 0)).toEqual([]);
  expect(Object.keys(violations).length).toBeGreaterThanOrEqual(6);
});
