import type { ApolloServerPlugin } from '@apollo/server';

import type { GraphQLContext } from './context.type';

/** Records each request's operation name for its log line. */
export const operationNamePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operationName, operation }) {
        contextValue.requestLog.operationName = operationName ?? `anonymous ${operation?.operation ?? 'operation'}`;
      },
    };
  },
};
