import { GraphQLError } from 'graphql';

import { DomainError, ErrorCode } from '../../src/domain/errors';
import { createErrorFormatter } from '../../src/graphql/format-error';
import { createLogger } from '../../src/logger';
import { tagRequestId } from '../../src/request-id';

const format = createErrorFormatter(createLogger('silent'), { exposeDetails: false, introspection: true });

it('keeps the code of a domain error that graphql-ws wrapped without a path (a subscription too slow)', () => {
  // What graphql-ws sends when a subscription's event stream throws.
  const wrapped = new GraphQLError('Too slow', { originalError: new DomainError(ErrorCode.LimitExceeded, 'Too slow') });
  expect(format(wrapped.toJSON(), wrapped)).toEqual({ message: 'Too slow', extensions: { code: 'LIMIT_EXCEEDED' } });
});

it('hides anything else behind INTERNAL_SERVER_ERROR, with no stack trace', () => {
  const wrapped = new GraphQLError('database password is hunter2', { originalError: new Error('database password is hunter2') });
  expect(format(wrapped.toJSON(), wrapped)).toEqual({
    message: 'Internal server error.',
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
  });
});

it('gives an internal error the id of the request it happened in, tagged on it or on the error it wraps', () => {
  const wrapped = new GraphQLError('boom', { originalError: new Error('boom') });
  tagRequestId(wrapped, 'req-42');
  expect(format(wrapped.toJSON(), wrapped).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' });
  // A context that failed to be created: Apollo wraps the error it was tagged on.
  const original = new Error('no context');
  tagRequestId(original, 'req-43');
  const wrappedByApollo = new GraphQLError('Context creation failed: no context', { originalError: original });
  expect(format(wrappedByApollo.toJSON(), wrappedByApollo).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-43' });
});

it('drops field suggestions only when introspection is off', () => {
  const error = new GraphQLError('Cannot query field "mee" on type "Query". Did you mean "me"?', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  const withoutIntrospection = createErrorFormatter(createLogger('silent'), { exposeDetails: false, introspection: false });
  expect(withoutIntrospection(error.toJSON(), error).message).toBe('Cannot query field "mee" on type "Query".');
  expect(format(error.toJSON(), error).message).toBe('Cannot query field "mee" on type "Query". Did you mean "me"?');
});
