import fc from 'fast-check';

import { DomainError } from '../../src/domain/errors';
import { newId } from '../../src/ids';
import { decodeIdCursor, decodeTimeCursor, encodeIdCursor, encodeTimeCursor, pageSize, toConnection } from '../../src/domain/pagination';

it('round-trips id and time cursors', () => {
  const id = newId();
  expect(decodeIdCursor(encodeIdCursor({ id }))).toEqual({ id });
  expect(decodeTimeCursor(encodeTimeCursor({ at: 1_700_000_000_123, id }))).toEqual({ at: 1_700_000_000_123, id });
  expect(decodeIdCursor(null)).toBeUndefined();
});

it('rejects every string that is not a cursor with BAD_USER_INPUT on after', () => {
  fc.assert(
    fc.property(fc.string(), (text) => {
      for (const decode of [decodeIdCursor, decodeTimeCursor]) {
        try {
          decode(text);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).field).toBe('after');
        }
      }
    }),
  );
});

it('does not take one list’s cursor for another’s', () => {
  const id = newId();
  expect(() => decodeTimeCursor(encodeIdCursor({ id }))).toThrow(DomainError);
  expect(() => decodeIdCursor(encodeTimeCursor({ at: 1, id }))).toThrow(DomainError);
});

it('caps page sizes and refuses negative ones', () => {
  expect(pageSize(undefined)).toBe(20);
  expect(pageSize(500)).toBe(100);
  expect(pageSize(0)).toBe(0);
  expect(() => pageSize(-1)).toThrow('first must be a whole number, 0 or more.');
});

it('builds a connection from one entry more than the page size', () => {
  const entries = [3, 2, 1];
  const connection = toConnection(
    entries,
    2,
    (n) => n * 10,
    (n) => `c${n}`,
  );
  expect(connection).toEqual({
    edges: [
      { cursor: 'c3', node: 30 },
      { cursor: 'c2', node: 20 },
    ],
    pageInfo: { hasNextPage: true, endCursor: 'c2' },
  });
});
