import type { ApolloServerPlugin } from '@apollo/server';

import { ErrorCode } from '../domain/errors';
import type { GraphQLContext } from './context.type';

/**
 * Applies the rate limits the domain decides (domain/limits/rate-limits.ts) to HTTP requests:
 * asks before each operation runs, and answers a request refused as a whole (no data at all) with
 * 429 and `Retry-After`. A refusal inside a resolver (one mutation over its limit) is an ordinary
 * field error, 429 too when it leaves no data.
 */
export const rateLimitsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (operation) await contextValue.rateLimits.beforeOperation(operation.operation);
      },
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        const retryAfter = Math.max(
          0,
          ...(errors ?? []).filter((error) => error.extensions?.code === ErrorCode.RateLimited).map((error) => Number(error.extensions?.retryAfter) || 0),
        );
        if (retryAfter === 0 || (data && Object.values(data).some((value) => value !== null))) return;
        response.http.status = 429;
        response.http.headers.set('retry-after', String(retryAfter));
      },
    };
  },
};
