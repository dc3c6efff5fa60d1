/**
 * Hostile input, generated from the schema with fast-check and sent to a running server: every
 * argument of every query and mutation gets wrong types, nulls, huge and negative numbers,
 * malformed ids and cursors, NUL, lone surrogates, right-to-left and combining marks, 100 KB
 * strings, unknown fields and nesting. Never a 5xx, never a crash, and a rejected request writes
 * nothing: the graph's node and relationship counts are compared around each one (a serial suite,
 * so no other test writes meanwhile). Then the same over WebSocket: every subscription with hostile
 * arguments (junk, long and many ids among them), WebSocket upgrades from any Origin, and malformed
 * or hostile protocol messages, each answered by a clean error or close, never an internal error, a
 * stack trace or a crash; and Cypher-looking strings that must come back as the data they are.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isInputObjectType,
  isLeafType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import neo4j, { type Driver } from 'neo4j-driver';
import WebSocket from 'ws';

import { newId } from '../../src/ids';
import { PROJECT_ROOT } from '../../src/project-root';
import { bearer, handshake, liveClient } from '../support/live-client';
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { postTweet, signUp, type SignedUpUser } from '../support/users';
import { required } from '../support/required';

jest.setTimeout(300_000);

const TWEET_TEXT = operation<{ tweet: { text: string } | null }>('query T($id: ID!) { tweet(id: $id) { text } }');
const POST = operation<{ postTweet: { id: string; text: string } }>('mutation P($text: String!) { postTweet(text: $text) { id text } }');
const UPDATE_BIO = operation<{ updateProfile: { bio: string } }>('mutation U($bio: String) { updateProfile(input: { bio: $bio }) { bio } }');
const USER_ID = operation<{ user: { id: string } | null }>('query U($handle: String!) { user(handle: $handle) { id } }');
const TYPENAME = operation<{ __typename: string }>('{ __typename }');

const schema: GraphQLSchema = buildSchema(readFileSync(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8'));

let server: TestServer;
let driver: Driver;
let user: SignedUpUser;
let tweetId: string;
beforeAll(async () => {
  server = await startTestServer();
  driver = neo4j.driver(required(server.config.neo4j.uri, 'a Neo4j URI'), neo4j.auth.basic(server.config.neo4j.user, server.config.neo4j.password));
  user = await signUp(server);
  tweetId = await postTweet(server, user, 'a tweet to aim at');
});
afterAll(async () => {
  await driver.close();
  await server.stop();
});

/** Nodes and relationships in the whole graph (read from Neo4j's count store, so cheap). */
async function graphSize(): Promise<string> {
  const { records } = await driver.executeQuery(
    'CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
  );
  const [record] = records;
  if (!record) throw new Error('The count query returned no record.');
  return `${String(record.get('nodes'))} nodes, ${String(record.get('relationships'))} relationships`;
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }), // lone surrogates included
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\u202Eevil', 'e\u0301\u0301\u0301', '🐦'.repeat(300), "'} RETURN 1 //", '`x`', '$param', '\\', '%00'),
  fc.constant('x'.repeat(100_000)),
  fc.constantFrom('not-an-id', '0190a7e0-0000-7000-8000-000000000000', 'eyJpZCI6IngifQ', '!!!', '-1'),
);

const hostileScalar = fc.oneof(
  hostileString,
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(-1, 0, 101, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, -0.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A value for an argument of `type`: usually the wrong kind, sometimes the right one. */
function hostileValue(type: GraphQLInputType): fc.Arbitrary<unknown> {
  const named = getNamedType(type);
  const anything = fc.oneof(
    hostileScalar,
    fc.array(hostileScalar, { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar, { maxKeys: 3 }),
  );
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields());
    const object = fc.record(Object.fromEntries([...fields.map((field) => [field.name, hostileScalar]), ['unknownField', hostileScalar]]), {
      requiredKeys: [],
    });
    return fc.oneof(object, anything);
  }
  if (isLeafType(named)) return fc.oneof({ weight: 3, arbitrary: hostileScalar }, { weight: 1, arbitrary: anything });
  return anything;
}

interface FuzzRequest {
  query: string;
  variables: Record<string, unknown>;
  signedIn: boolean;
}

/** A request for one root field with hostile variables, declared with the argument's own types. */
function fieldRequest(operation: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>): fc.Arbitrary<FuzzRequest> {
  const args: readonly GraphQLArgument[] = field.args;
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const declared = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const query = `${operation}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
  return fc.record({
    query: fc.constant(query),
    variables: fc.record(Object.fromEntries(args.map((arg) => [arg.name, hostileValue(arg.type)])), { requiredKeys: [] }),
    signedIn: fc.boolean(),
  });
}

/** Broken query text: unknown fields, deep nesting, stray tokens. */
const brokenQuery: fc.Arbitrary<FuzzRequest> = fc
  .record({
    depth: fc.integer({ min: 1, max: 60 }),
    name: fc.constantFrom('user', 'tweet', 'nope', '__schema', 'followers', 'edges'),
    junk: fc.constantFrom('', '{', '}', '(', '$', '@skip', '...', '"unterminated', '#'),
  })
  .map(({ depth, name, junk }) => ({ query: `{ ${`${name} { `.repeat(depth)}id${' }'.repeat(depth)} ${junk}`, variables: {}, signedIn: false }));

function allRequests(): fc.Arbitrary<FuzzRequest> {
  const roots = [
    ...Object.values(required(schema.getQueryType(), 'the Query type').getFields()).map((field) => fieldRequest('query', field)),
    // Not the ones that end the fuzzer's own session: the token must stay valid to reach the rules behind it.
    ...Object.values(required(schema.getMutationType(), 'the Mutation type').getFields())
      .filter((field) => field.name !== 'logOutEverywhere')
      .map((field) => fieldRequest('mutation', field)),
  ];
  return fc.oneof(...roots, brokenQuery);
}

it('answers thousands of hostile requests without a 5xx, and rejected ones write nothing', async () => {
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(allRequests(), async ({ query, variables, signedIn }) => {
      const before = await graphSize();
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signedIn ? { authorization: `Bearer ${user.token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      expect(response.status).toBeLessThan(500);
      const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
      for (const error of body.errors ?? []) expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      const answered = body.data && Object.values(body.data).some((value) => value !== null);
      if (!answered) {
        rejected++;
        expect(await graphSize()).toBe(before);
      }
    }),
    { numRuns: 2_000 },
  );
  expect(rejected).toBeGreaterThan(1_000);
  // Still answering normally.
  const after = await server.request(TWEET_TEXT, { id: tweetId });
  expect(after.data).toEqual({ tweet: { text: 'a tweet to aim at' } });
});

it('stores Cypher-looking and unusual strings as the data they are', async () => {
  const hostile = [
    "'} RETURN 1 //",
    '`) DETACH DELETE (n',
    '$text',
    '\\u0000 literally',
    'a"b\'c`d',
    '} MATCH (n) DETACH DELETE n //',
    '🐦 \u202Ereversed\u202C',
  ];
  for (const text of hostile) {
    const posted = await server.request(POST, { text }, user.token);
    expect(posted.data?.postTweet.text).toBe(text.normalize('NFC').trim());
    const read = await server.request(TWEET_TEXT, { id: posted.data?.postTweet.id });
    expect(read.data?.tweet?.text).toBe(text.normalize('NFC').trim());
  }
  const profile = await server.request(UPDATE_BIO, { bio: "') RETURN n //" }, user.token);
  expect(profile.data?.updateProfile.bio).toBe("') RETURN n //");
  const handle = await server.request(USER_ID, { handle: "x' OR 1=1 //" });
  expect(handle.data).toEqual({ user: null });
});

/** A raw graphql-transport-ws connection: sends `messages` at once, `afterAck` once acknowledged; resolves with the close code. */
function rawSocket(messages: string[], afterAck: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.on('open', () => {
      for (const message of messages) socket.send(message);
    });
    socket.on('message', (data) => {
      if ((JSON.parse((data as Buffer).toString()) as { type: string }).type !== 'connection_ack') return;
      for (const message of afterAck) socket.send(message);
    });
    socket.on('close', (code) => resolve(code));
    socket.on('error', reject);
  });
}

it('closes WebSocket connections that break the protocol, with its codes, and keeps serving', async () => {
  const subscribe = (id: string) => JSON.stringify({ type: 'subscribe', id, payload: { query: 'subscription { tweetPosted(authorId: "x") { id } }' } });
  const init = JSON.stringify({ type: 'connection_init' });
  expect(await rawSocket(['not json'])).toBe(4400);
  expect(await rawSocket([JSON.stringify({ type: 'no-such-type' })])).toBe(4400);
  expect(await rawSocket([subscribe('1')])).toBe(4401); // before connection_init
  expect(await rawSocket([init, init])).toBe(4429); // a second connection_init
  expect(await rawSocket([init], [subscribe('same'), subscribe('same')])).toBe(4409); // an id reused
  expect(await rawSocket([init], [JSON.stringify({ type: 'subscribe', id: 7, payload: null })])).toBe(4400);
  // Messages only a server sends: a bad request, not graphql-ws's 4500 Internal Server Error.
  for (const type of ['connection_ack', 'next', 'error']) expect(await rawSocket([init], [JSON.stringify({ type, id: '1', payload: {} })])).toBe(4400);
  expect(await rawSocket([init], ['x'.repeat(200 * 1024)])).toBe(1009); // past maxPayload
  const still = await server.request(TYPENAME);
  expect(still.data).toEqual({ __typename: 'Query' });
});

/** Ids as a subscription might be sent them: junk, long, upper-case, padded, or too many. */
const hostileIds = fc.oneof(
  fc.array(hostileString, { maxLength: 5 }),
  fc.constant(Array.from({ length: 200 }, (_, n) => String(n).padEnd(400, 'x'))),
  fc.constant(Array.from({ length: 201 }, () => newId())),
  fc.constant([newId().toUpperCase(), ` ${newId()}`, `${newId()}\u0000`]),
);

/** Every subscription with hostile variables, and the id-taking ones with hostile id lists. */
function allSubscriptions(): fc.Arbitrary<FuzzRequest> {
  const fields = Object.values(required(schema.getSubscriptionType(), 'the Subscription type').getFields());
  const idLists = fc.record({
    query: fc.constant('subscription U($ids: [ID!]!) { tweetsUpdated(ids: $ids) { id } }'),
    variables: fc.record({ ids: hostileIds }),
    signedIn: fc.boolean(),
  });
  return fc.oneof(...fields.map((field) => fieldRequest('subscription', field)), idLists);
}

/** An error as a client may see it: a code that is not internal, and no stack trace. */
function expectClean(error: unknown): void {
  const text = JSON.stringify(error);
  expect(text).not.toContain('INTERNAL_SERVER_ERROR');
  expect(text).not.toMatch(/stacktrace|\bat .+\.(ts|js):\d+/);
}

it('answers hostile subscriptions over WebSocket with clean errors, closing a connection only for a message over 100 KB', async () => {
  const clients = { signedIn: liveClient(server.url, bearer(user.token)), signedOut: liveClient(server.url) };
  let refused = 0;
  try {
    await fc.assert(
      fc.asyncProperty(allSubscriptions(), async ({ query, variables, signedIn }) => {
        const subscription = (signedIn ? clients.signedIn : clients.signedOut).subscribe(query, variables);
        // A refusal comes at once; one still open after that is a subscription that took its arguments.
        const settled = await Promise.race([
          subscription.done.then(
            () => 'completed' as const,
            (error: unknown) => ({ error }),
          ),
          new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 300)),
        ]);
        subscription.unsubscribe();
        if (settled !== 'open' && settled !== 'completed') {
          // graphql-ws hands a closed socket to `error` as its close event: only a message over the
          // 100 KB a frame may carry closes it (1009, Message Too Big); every other refusal is an error.
          if (Array.isArray(settled.error)) expectClean(settled.error);
          else {
            expect((settled.error as { code?: number }).code).toBe(1009);
            expect(Buffer.byteLength(JSON.stringify({ query, variables }))).toBeGreaterThan(100 * 1024 - 100);
          }
        }
        for (const result of subscription.results) expectClean(result.errors);
        if (subscription.results.some((result) => result.errors) || settled !== 'open') refused++;
      }),
      { numRuns: 300 },
    );
  } finally {
    await Promise.all([clients.signedIn.dispose(), clients.signedOut.dispose()]);
  }
  expect(refused).toBeGreaterThan(150);
  const still = await server.request(TYPENAME);
  expect(still.data).toEqual({ __typename: 'Query' });
});

it('answers WebSocket upgrades from any Origin with 403 or a served socket, and keeps serving', async () => {
  const own = new URL(server.baseUrl).origin;
  const origins = fc.oneof(
    hostileString.filter((origin) => /^[\t\x20-\x7e]*$/.test(origin) && origin.length < 8_000),
    fc.webUrl().map((url) => new URL(url).origin),
    fc.constantFrom('null', 'https://evil.example', `${own}.evil.example`, own.replace('http:', 'https:'), 'file://', own),
  );
  await fc.assert(
    fc.asyncProperty(origins, async (origin) => {
      const answer = await handshake(server.url, { headers: { Origin: origin } });
      if (answer.outcome === 'acknowledged') {
        answer.socket.close();
        // Its own host and port, whatever the scheme (TLS may end at a proxy).
        expect(new URL(origin.trim()).host).toBe(new URL(own).host);
      } else {
        expect(answer).toMatchObject({ outcome: 'refused', status: 403 });
      }
    }),
    { numRuns: 200 },
  );
  const still = await server.request(TYPENAME);
  expect(still.data).toEqual({ __typename: 'Query' });
});

/** A raw connection, acknowledged, that sends `message` and then a ping: what came back until the pong, or the close. */
function afterMessage(message: string): Promise<{ received: string[]; closed?: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const received: string[] = [];
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data) => {
      const text = (data as Buffer).toString();
      const type = (JSON.parse(text) as { type: string }).type;
      if (type === 'connection_ack') {
        socket.send(message);
        socket.send(JSON.stringify({ type: 'ping' }));
      } else if (type === 'pong') {
        socket.close();
        resolve({ received });
      } else received.push(text);
    });
    socket.on('close', (code) => resolve({ received, closed: code }));
    socket.on('error', reject);
  });
}

it('answers malformed and hostile protocol messages with a clean close or error, and keeps serving', async () => {
  const message = fc.oneof(
    hostileString.filter((text) => text.length < 100_000),
    fc.json(),
    fc
      .record({
        type: fc.constantFrom('subscribe', 'complete', 'connection_init', 'next', 'error', 'ping', 'pong', 'connection_ack'),
        id: fc.oneof(hostileString, fc.integer(), fc.constant(undefined)),
        payload: fc.oneof(
          fc.record({ query: fc.constantFrom('subscription { tweetsUpdated(ids: ["x"]) { id } }', '{ __typename }', 'subscription {', 'x'.repeat(10_000)) }),
          fc.record({ query: hostileScalar, variables: fc.anything() }),
          fc.anything(),
        ),
      })
      .map((record) => JSON.stringify(record)),
  );
  await fc.assert(
    fc.asyncProperty(message, async (text) => {
      const { received, closed } = await afterMessage(text);
      // The protocol's own codes (4400 bad message, 4409 id reused, 4429 a second init) or a normal close; never 4500 or 1011.
      if (closed !== undefined) expect([1000, 1005, 1009, 4400, 4401, 4409, 4429]).toContain(closed);
      for (const answer of received) expectClean(JSON.parse(answer));
    }),
    { numRuns: 300 },
  );
  const still = await server.request(TYPENAME);
  expect(still.data).toEqual({ __typename: 'Query' });
});
