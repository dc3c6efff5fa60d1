/**
 * Shared event results
 *
 * graphql-js executes a subscription's selection once per subscriber and event: a tweet that
 * reaches 500 followers on this instance runs the same selection over the same event 500 times.
 * When the selection reads nothing that depends on who asks (no field marked `PerViewer`, such as
 * `viewerHasFavorited`), its result depends only on the document, the variables and the event, so
 * the first subscriber's execution serves every other subscriber of that event. The live feeds hand
 * every local recipient the same event object, which is what the results are kept by (a WeakMap:
 * they go when the event does).
 */
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';

import { readsPerViewerField } from './per-viewer';

type Result = ExecutionResult | Promise<ExecutionResult>;
type Subscribe = (args: ExecutionArgs) => Promise<AsyncGenerator<ExecutionResult> | ExecutionResult | AsyncIterableIterator<ExecutionResult>>;

/** A `subscribe` for graphql-ws that executes a viewer-independent selection once per event. */
export function subscribeSharingResults(): Subscribe {
  const resultsByEvent = new WeakMap<object, Map<string, Result>>();
  /** Per document: a number that names it in result keys, and whether it reads a per-viewer field. */
  const documents = new WeakMap<DocumentNode, { id: number; perViewer: boolean }>();
  let lastDocumentId = 0;
  const documentFacts = (schema: GraphQLSchema, document: DocumentNode) => {
    let facts = documents.get(document);
    if (!facts) documents.set(document, (facts = { id: ++lastDocumentId, perViewer: readsPerViewerField(schema, document) }));
    return facts;
  };

  return async (args) => {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in stream)) return stream;
    const run = (event: unknown): Result => execute({ ...args, rootValue: event });
    const { id, perViewer } = documentFacts(args.schema, args.document);
    if (perViewer) return mapEvents(stream, run);
    // One document object per query text (operation limits keep them), so it and the variables name the result.
    const key = `${id}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`;
    return mapEvents(stream, (event) => {
      if (typeof event !== 'object' || event === null) return run(event);
      let results = resultsByEvent.get(event);
      if (!results) resultsByEvent.set(event, (results = new Map<string, Result>()));
      let result = results.get(key);
      if (!result) results.set(key, (result = run(event)));
      return result;
    });
  };
}

/** The source's events mapped one by one; `return` and `throw` reach the source at once. */
function mapEvents(source: AsyncIterable<unknown>, map: (event: unknown) => Result): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const result = await iterator.next();
      return result.done === true ? { done: true, value: undefined } : { done: false, value: await map(result.value) };
    },
    async return(value?: unknown) {
      await iterator.return?.(value);
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      if (iterator.throw) await iterator.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}
