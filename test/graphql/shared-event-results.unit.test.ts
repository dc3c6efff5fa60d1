/**
 * A live event's result is executed once for every subscriber with the same selection and
 * variables, unless the selection reads a per-viewer field.
 */
import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, GraphQLString, isObjectType, parse, type DocumentNode, type ExecutionResult } from 'graphql';

import { buildGraphQLSchema } from '../../src/graphql/schema';
import { PER_VIEWER } from '../../src/graphql/per-viewer';
import { subscribeSharingResults } from '../../src/graphql/shared-event-results';
import { EventStream } from '../../src/domain/live/event-stream';

interface Event {
  text: string;
}
interface Context {
  viewer: string;
  events: EventStream<Event>;
}

const calls = { text: 0, mine: 0 };
const Post = new GraphQLObjectType<Event, Context>({
  name: 'Post',
  fields: {
    text: {
      type: GraphQLString,
      args: { suffix: { type: GraphQLString } },
      resolve: (event, { suffix }: { suffix?: string }) => (calls.text++, `${event.text}${suffix ?? ''}`),
    },
    mine: { type: GraphQLBoolean, extensions: { [PER_VIEWER]: true }, resolve: (event, _args, context) => (calls.mine++, event.text === context.viewer) },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } }),
  subscription: new GraphQLObjectType<unknown, Context>({
    name: 'Subscription',
    fields: {
      posted: {
        type: Post,
        args: { suffix: { type: GraphQLString } },
        subscribe: (_root, _args, context) => context.events,
        resolve: (event: unknown) => event,
      },
    },
  }),
});

beforeEach(() => {
  calls.text = 0;
  calls.mine = 0;
});

/** Subscribes `viewer` and returns its event source and a function that takes its next result. */
async function subscriber(subscribe: ReturnType<typeof subscribeSharingResults>, document: DocumentNode, viewer: string, variables = {}) {
  const events = new EventStream<Event>(10);
  const results = await subscribe({ schema, document, contextValue: { viewer, events }, variableValues: variables });
  if (!(Symbol.asyncIterator in results)) throw new Error(`Not a stream: ${JSON.stringify(results)}`);
  const iterator = results[Symbol.asyncIterator]();
  return { events, next: async (): Promise<ExecutionResult> => (await iterator.next()).value as ExecutionResult };
}

it('executes a selection without per-viewer fields once per event for all its subscribers', async () => {
  const subscribe = subscribeSharingResults();
  const document = parse('subscription { posted { text } }');
  const subscribers = await Promise.all(['ann', 'bob', 'cy'].map((viewer) => subscriber(subscribe, document, viewer)));
  const first = { text: 'hello' };
  const second = { text: 'again' };
  for (const event of [first, second]) for (const { events } of subscribers) events.push(event);

  for (const { next } of subscribers)
    expect([await next(), await next()]).toEqual([{ data: { posted: { text: 'hello' } } }, { data: { posted: { text: 'again' } } }]);
  expect(calls.text).toBe(2);
});

it('executes again for other variables, and for an equal but distinct event', async () => {
  const subscribe = subscribeSharingResults();
  const document = parse('subscription P($suffix: String) { posted { text(suffix: $suffix) } }');
  const plain = await subscriber(subscribe, document, 'ann', { suffix: '' });
  const loud = await subscriber(subscribe, document, 'bob', { suffix: '!' });
  const event = { text: 'hello' };
  plain.events.push(event);
  loud.events.push(event);
  expect(await plain.next()).toEqual({ data: { posted: { text: 'hello' } } });
  expect(await loud.next()).toEqual({ data: { posted: { text: 'hello!' } } });
  plain.events.push({ text: 'hello' });
  await plain.next();
  expect(calls.text).toBe(3);
});

it('executes a selection with a per-viewer field for each subscriber, with its own context', async () => {
  const subscribe = subscribeSharingResults();
  const document = parse('subscription { posted { text mine } }');
  const ann = await subscriber(subscribe, document, 'ann');
  const bob = await subscriber(subscribe, document, 'bob');
  const event = { text: 'ann' };
  ann.events.push(event);
  bob.events.push(event);
  expect(await ann.next()).toEqual({ data: { posted: { text: 'ann', mine: true } } });
  expect(await bob.next()).toEqual({ data: { posted: { text: 'ann', mine: false } } });
  expect(calls.mine).toBe(2);
});

it("marks the schema's fields that depend on the viewer", () => {
  const marked = Object.values(buildGraphQLSchema().getTypeMap())
    .filter(isObjectType)
    .flatMap((type) => Object.values(type.getFields()).flatMap((field) => (field.extensions[PER_VIEWER] === true ? [`${type.name}.${field.name}`] : [])));
  expect(marked.sort()).toEqual(['Tweet.viewerHasFavorited', 'User.viewerFollows']);
});
