/**
 * whoToFollow: the most-followed people the viewer does not follow yet, read from a list kept in
 * memory, which Neo4j fills off the follower-count index (no scan, no sort).
 */
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { follow, signUp, signUpMany } from '../support/users';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

interface Suggested {
  id: string;
  handle: string;
  followerCount: number;
  viewerFollows: boolean;
}

const SUGGESTIONS = operation<{ whoToFollow: Suggested[] }>('query($first: Int!) { whoToFollow(first: $first) { id handle followerCount viewerFollows } }');

async function suggestions(first: number, token?: string): Promise<Suggested[]> {
  return (await server.data(SUGGESTIONS, { first }, token)).whoToFollow;
}

it('offers the most-followed people the viewer does not follow, most followed first', async () => {
  const [popular, known, viewer, ...fans] = await signUpMany(server, 6, 'wtf');
  for (const fan of fans) await follow(server, fan, popular);
  await follow(server, fans[0], known);

  const suggested = await suggestions(20, viewer.token);
  expect(suggested.length).toBeGreaterThan(0);
  expect(suggested.length).toBeLessThanOrEqual(20);
  const counts = suggested.map((user) => user.followerCount);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  expect(suggested.map((user) => user.id)).not.toContain(viewer.id);
  expect(suggested.every((user) => !user.viewerFollows)).toBe(true);

  // Someone the viewer follows is no longer offered, though the kept list still holds them.
  const [first] = suggested;
  if (!first) throw new Error('Nobody was suggested.');
  await follow(server, viewer, { id: first.id, handle: first.handle, token: '' });
  expect((await suggestions(20, viewer.token)).map((user) => user.id)).not.toContain(first.id);
});

it('answers signed out too, and refuses more than 20', async () => {
  expect((await suggestions(3)).length).toBeLessThanOrEqual(3);
  const tooMany = await server.request(SUGGESTIONS, { first: 21 });
  expect(tooMany.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  const viewer = await signUp(server);
  expect(await suggestions(0, viewer.token)).toEqual([]);
});

it('reads the most-followed off the follower-count index, without scanning or sorting all users', async () => {
  const plan = (await server.graph.explain('most-followed-users', { limit: 100 })).join('\n');
  expect(plan).toMatch(/NodeIndexSeekByRange|NodeIndexScan/);
  expect(plan).not.toMatch(/NodeByLabelScan|AllNodesScan|\bSort\b|Top/);
});
