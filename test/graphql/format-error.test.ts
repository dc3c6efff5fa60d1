import { GraphQLError } from 'graphql';

import { DomainError, ErrorCode } from '../../src/domain/errors';
import { createErrorFormatter } from '../../src/graphql/format-error';
import { createLogger } from '../../src/logger';

const format = createErrorFormatter(createLogger('silent'), false);

it('keeps the code of a domain error that graphql-ws wrapped without a path (a subscription too slow)', () => {
  // What graphql-ws sends when a subscription's event stream throws.
  const wrapped = new GraphQLError('Too slow', { originalError: new DomainError(ErrorCode.LimitExceeded, 'Too slow') });
  expect(format(wrapped.toJSON(), wrapped)).toEqual({ message: 'Too slow', extensions: { code: 'LIMIT_EXCEEDED' } });
});

it('hides anything else behind INTERNAL_SERVER_ERROR, with no stack trace', () => {
  const wrapped = new GraphQLError('database password is hunter2', { originalError: new Error('database password is hunter2') });
  expect(format(wrapped.toJSON(), wrapped)).toEqual({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
});
