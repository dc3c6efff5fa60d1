import { EventStream } from '../../../src/domain/live/event-stream';
import { mergeStreams } from '../../../src/domain/live/merged-streams';
import { ErrorCode } from '../../../src/domain/errors';

it('hands on the events of every source as they come', async () => {
  const [a, b] = [new EventStream<string>(10), new EventStream<string>(10)];
  const merged = mergeStreams([a, b]);
  b.push('b1');
  a.push('a1');
  b.push('b2');
  const received = [await merged.next(), await merged.next(), await merged.next()].map((result) => String(result.value));
  expect(received.sort()).toEqual(['a1', 'b1', 'b2']);
  const later = merged.next();
  a.push('a2');
  expect(await later).toEqual({ value: 'a2', done: false });
});

it('keeps going when one source ends, and ends when all have', async () => {
  const [a, b] = [new EventStream<string>(10), new EventStream<string>(10)];
  const merged = mergeStreams([a, b]);
  a.push('deleted');
  a.end();
  expect(await merged.next()).toEqual({ value: 'deleted', done: false });
  b.push('b1');
  expect(await merged.next()).toEqual({ value: 'b1', done: false });
  b.end();
  expect(await merged.next()).toEqual({ value: undefined, done: true });
});

it('closes every source when the client leaves', async () => {
  const sources = [new EventStream<string>(10), new EventStream<string>(10)];
  const closed: number[] = [];
  sources.forEach((source, index) => source.onClose(() => closed.push(index)));
  const merged = mergeStreams(sources);
  const pending = merged.next();
  if (!merged.return) throw new Error('A merged stream cannot be left.');
  await merged.return();
  expect(await pending).toEqual({ value: undefined, done: true });
  expect(closed.sort()).toEqual([0, 1]);
  expect(sources.every((source) => source.isClosed)).toBe(true);
});

it('leaves each source its own bounded queue: a slow client fails with LIMIT_EXCEEDED', async () => {
  const [a, b] = [new EventStream<number>(2), new EventStream<number>(2)];
  const merged = mergeStreams([a, b]);
  // The merged stream has pulled one event of `a`; two more fill its queue, the next overflows it.
  for (let n = 1; n <= 4; n++) a.push(n);
  expect(await merged.next()).toEqual({ value: 1, done: false });
  await expect(merged.next()).rejects.toMatchObject({ code: ErrorCode.LimitExceeded });
  expect(b.isClosed).toBe(true);
});
