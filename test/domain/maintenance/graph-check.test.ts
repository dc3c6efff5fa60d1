/**
 * `npm run check`'s rules against a graph broken on purpose behind the API's back (a relationship
 * deleted without its counts, a count overwritten): found, repaired, and clean afterwards, with
 * the repaired counts served through the API (the record cache took them).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import neo4j, { type Driver } from 'neo4j-driver';

import { GraphCheck, type CheckReport } from '../../../src/domain/maintenance/graph-check';
import { PROJECT_ROOT } from '../../../src/project-root';
import { TEST_REDIS_URL } from '../../support/test-redis';
import { dataOf, operation, startTestServer, type TestServer } from '../../support/test-server';
import { favorite, follow, postTweet, signUpMany } from '../../support/users';
import { required } from '../../support/required';

const HOME = operation<{ homeTimeline: { edges: { node: { id: string } }[] } }>('{ homeTimeline { edges { node { id } } } }');
const FOLLOWER_COUNT = operation<{ user: { followerCount: number } | null }>('query U($handle: String!) { user(handle: $handle) { followerCount } }');
const FAVORITE_COUNT = operation<{ tweet: { favoriteCount: number } | null }>('query T($id: ID!) { tweet(id: $id) { favoriteCount } }');

let server: TestServer;
let driver: Driver;
beforeAll(async () => {
  server = await startTestServer({ REDIS_URL: TEST_REDIS_URL });
  driver = neo4j.driver(required(server.config.neo4j.uri, 'a Neo4j URI'), neo4j.auth.basic(server.config.neo4j.user, server.config.neo4j.password));
});
afterAll(async () => {
  await driver.close();
  await server.stop();
});

/** Writes behind the API's back, as a bug or a hand-made fix might. */
async function tamper(cypher: string, parameters: Record<string, unknown>): Promise<void> {
  await driver.executeQuery(cypher, parameters);
}

function findings(report: CheckReport, ids: string[]) {
  return {
    users: report.wrongUserCounts.filter((entry) => ids.includes(entry.id)),
    tweets: report.wrongFavoriteCounts.filter((entry) => ids.includes(entry.id)),
    timelines: report.wrongTimelines.filter((id) => ids.includes(id)),
  };
}

it('finds counts and timelines that no longer match the graph, repairs them, and finds nothing after', async () => {
  const [reader, author, fan] = await signUpMany(server, 3, 'chk');
  await follow(server, reader, author);
  const tweetId = await postTweet(server, author, 'checked');
  await favorite(server, fan, tweetId);
  await server.timelines.drain();
  // The reader's home timeline is cached with the author's tweet.
  const home = await server.request(HOME, {}, reader.token);
  expect(dataOf(home).homeTimeline.edges.map((edge) => edge.node.id)).toContain(tweetId);

  await tamper('MATCH (:User {id: $reader})-[follow:FOLLOWS]->(:User {id: $author}) DELETE follow', { reader: reader.id, author: author.id });
  await tamper('MATCH (tweet:Tweet {id: $tweetId}) SET tweet.favoriteCount = 7', { tweetId });
  const check = new GraphCheck(server.stores, server.timelines);
  const ids = [reader.id, author.id, tweetId];

  const found = await check.run({ repair: false, timelineSample: 0, timelineUserIds: [reader.id, author.id] });
  expect(findings(found, ids)).toEqual({
    users: expect.arrayContaining([
      { id: reader.id, stored: [0, 1, 0], counted: [0, 0, 0] },
      { id: author.id, stored: [1, 0, 1], counted: [0, 0, 1] },
    ]),
    tweets: [{ id: tweetId, stored: 7, counted: 1 }],
    timelines: [reader.id],
  });
  expect(findings(found, ids).users).toHaveLength(2);

  const repaired = await check.run({ repair: true, timelineSample: 0, timelineUserIds: [reader.id, author.id] });
  expect(repaired.repaired).toBe(true);
  expect(findings(repaired, ids).users).toHaveLength(2);

  const after = await check.run({ repair: false, timelineSample: 0, timelineUserIds: [reader.id, author.id] });
  expect(findings(after, ids)).toEqual({ users: [], tweets: [], timelines: [] });
  // Served repaired through the API, not from a stale cached copy.
  const served = await server.request(FOLLOWER_COUNT, { handle: author.handle });
  expect(served.data?.user?.followerCount).toBe(0);
  const tweet = await server.request(FAVORITE_COUNT, { id: tweetId });
  expect(tweet.data?.tweet?.favoriteCount).toBe(1);
  const rebuilt = await server.request(HOME, {}, reader.token);
  expect(dataOf(rebuilt).homeTimeline.edges.map((edge) => edge.node.id)).not.toContain(tweetId);
});

it('reports a tweet that is not POSTED by the author its authorId names, and leaves it to a person', async () => {
  const [author, other] = await signUpMany(server, 2, 'aut');
  const tweetId = await postTweet(server, author, 'whose?');
  await tamper('MATCH (tweet:Tweet {id: $tweetId}) SET tweet.authorId = $other', { tweetId, other: other.id });
  const check = new GraphCheck(server.stores, server.timelines);
  const report = await check.run({ repair: true, timelineSample: 0 });
  expect(report.wrongAuthors.filter((entry) => entry.id === tweetId)).toEqual([{ id: tweetId, authorId: other.id, postedBy: [author.id] }]);
  await tamper('MATCH (tweet:Tweet {id: $tweetId}) SET tweet.authorId = $author', { tweetId, author: author.id });
});

it('runs as `npm run check`: prints what it checked and exits 0 once repaired', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'check.js'), '--repair', '--timelines', '3'], {
    env: {
      ...process.env,
      NEO4J_URI: required(server.config.neo4j.uri, 'a Neo4j URI'),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: server.config.timelines.redisKeyPrefix,
      LOG_LEVEL: 'warn',
    },
  });
  expect(stdout).toMatch(/^Users: [\d,]+ checked/m);
  expect(stdout).toMatch(/^Tweets: [\d,]+ checked/m);
  expect(stdout).toMatch(/^Home timelines: 3 sampled/m);
});
