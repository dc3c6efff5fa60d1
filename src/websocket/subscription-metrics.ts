/**
 * Subscription metrics
 *
 * What the subscriptions server reports about live delivery (src/metrics/prometheus-metrics.ts
 * exports it): WebSocket connections opened and closed, subscriptions started and ended, and each
 * event handed to a subscriber's socket. A subscription is counted by wrapping the event stream
 * graphql-ws iterates, so it ends exactly once however it ends (the client completes it, the
 * socket closes, the stream finishes or fails).
 */
import { getOperationAST, Kind, OperationTypeNode, type DocumentNode, type ExecutionResult } from 'graphql';

export interface LiveMetrics {
  connectionOpened(): void;
  connectionClosed(): void;
  /** `field`: the subscription's root field (homeTimeline, tweetPosted, …), a name from the schema. */
  subscriptionStarted(field: string): void;
  subscriptionEnded(field: string): void;
  eventDelivered(field: string): void;
}

export const NO_LIVE_METRICS: LiveMetrics = {
  connectionOpened: () => {},
  connectionClosed: () => {},
  subscriptionStarted: () => {},
  subscriptionEnded: () => {},
  eventDelivered: () => {},
};

/** The root field of a subscription operation (validation allows one); undefined for a query or mutation. */
export function subscriptionField(document: DocumentNode, operationName: string | null | undefined): string | undefined {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return undefined;
  const [selection] = operation.selectionSet.selections;
  // A root field reached through a fragment is rare enough to count together.
  return selection?.kind === Kind.FIELD ? selection.name.value : 'other';
}

/**
 * The subscription's events, counted: started now, one delivery per event, ended once. Each call
 * goes straight to the source (an async generator would hold `return` until the next event came).
 */
export function countedSubscription(source: AsyncIterable<ExecutionResult>, field: string, metrics: LiveMetrics): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    metrics.subscriptionEnded(field);
  };
  metrics.subscriptionStarted(field);
  const counted: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      try {
        const result = await iterator.next();
        if (result.done === true) end();
        else metrics.eventDelivered(field);
        return result;
      } catch (error) {
        end();
        throw error;
      }
    },
    async return(value?: unknown) {
      end();
      return (await iterator.return?.(value)) ?? { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      end();
      if (iterator.throw) return iterator.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return counted;
    },
  };
  return counted;
}
