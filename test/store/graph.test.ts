/**
 * A failing statement's error names the statement: a read's error carries no caller's stack (the
 * driver's capture of it is skipped for speed, see graph.ts), so the name is what says where it came from.
 */
import type { Graph } from '../../src/store/graph';
import { connectTestGraph } from '../support/test-graph';

let graph: Graph;
beforeAll(() => {
  graph = connectTestGraph();
});
afterAll(() => graph.close());

it("names the statement of a read that fails, and leaves the process's stack trace limit as it was", async () => {
  const limit = Error.stackTraceLimit;
  // A negative LIMIT is refused.
  await expect(graph.read('sample-user-ids', { fromId: '', limit: -1 })).rejects.toMatchObject({
    statement: 'sample-user-ids',
    code: expect.stringMatching(/^Neo\.ClientError/),
  });
  expect(Error.stackTraceLimit).toBe(limit);
});

it('names the statement of a write that fails', async () => {
  await expect(graph.write('create-user', {})).rejects.toMatchObject({ statement: 'create-user', code: expect.stringMatching(/^Neo\.ClientError/) });
});
