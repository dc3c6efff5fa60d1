/**
 * A Follow button a page statement carries is never asked of Neo4j again, whichever arrives first:
 * the statement's answer or the batch that asked for the button.
 */
import type { Graph } from '../../src/store/graph';
import { ViewerRelations } from '../../src/store/viewer-relations';
import { connectTestGraph } from '../support/test-graph';

let graph: Graph;
beforeAll(() => {
  graph = connectTestGraph();
});
afterAll(() => graph.close());

/** Runs `work` as a callback of the event loop's check phase, as a request that starts in a setImmediate does. */
function inCheckPhase<T>(work: () => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) =>
    setImmediate(() => {
      work().then(resolve, reject);
    }),
  );
}

it('waits for a carried answer that arrives before its batch leaves', async () => {
  const relations = new ViewerRelations(graph, 'viewer');
  const before = graph.roundTrips;
  // Asked in a check phase, the batch leaves at the next one; the carried answer, here already
  // there, arrives before it, as a fast Neo4j's can in the poll phase between the two.
  const follows = await inCheckPhase(() => {
    const asked = relations.follows(['owner']);
    relations.carryFollows(['owner'], Promise.resolve(new Map([['owner', true]])));
    return asked;
  });
  expect(follows).toEqual([true]);
  expect(graph.roundTrips - before).toBe(0);
});

it('asks Neo4j for what no statement carries, and forgets a carried answer once its batch has left', async () => {
  const relations = new ViewerRelations(graph, 'viewer');
  await inCheckPhase(async () => {
    const asked = relations.follows(['owner']);
    relations.carryFollows(['owner'], Promise.resolve(new Map([['owner', true]])));
    return asked;
  });
  const before = graph.roundTrips;
  // A later ask (a subscription's next event) is new: neither 'owner' nor 'other' exists, so false.
  expect(await relations.follows(['owner', 'other'])).toEqual([false, false]);
  expect(graph.roundTrips - before).toBe(1);
});
