import { DomainError, ErrorCode } from '../../../src/domain/errors';
import { EventStream } from '../../../src/domain/live/event-stream';

describe('EventStream', () => {
  it('hands out events in order, whether they came before or after the read', async () => {
    const stream = new EventStream<number>(10);
    stream.push(1);
    stream.push(2);
    expect(await stream.next()).toEqual({ value: 1, done: false });
    expect(await stream.next()).toEqual({ value: 2, done: false });
    const third = stream.next();
    stream.push(3);
    expect(await third).toEqual({ value: 3, done: false });
  });

  it('fails with LIMIT_EXCEEDED when more events wait than its limit, and frees what was queued', async () => {
    const stream = new EventStream<number>(3);
    const cleanup = jest.fn();
    stream.onClose(cleanup);
    for (let event = 0; event < 10; event++) stream.push(event);
    expect(cleanup).toHaveBeenCalledTimes(1);
    const error = await stream.next().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.LimitExceeded);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('runs its cleanup once when the reader returns, and ignores later events', async () => {
    const stream = new EventStream<number>(3);
    const cleanup = jest.fn();
    stream.onClose(cleanup);
    const pending = stream.next();
    await stream.return();
    await stream.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    stream.push(1);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(cleanup).toHaveBeenCalledTimes(1);
    const late = jest.fn();
    stream.onClose(late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('ends after the events already queued when ended', async () => {
    const stream = new EventStream<number>(3);
    stream.push(1);
    stream.end();
    stream.push(2);
    const received: number[] = [];
    for await (const event of stream) received.push(event);
    expect(received).toEqual([1]);
    expect(stream.isClosed).toBe(true);
  });
});
