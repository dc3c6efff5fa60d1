import type { ApolloServerPlugin } from '@apollo/server';

import { tagRequestId } from '../request-id';
import type { GraphQLContext } from './context.type';

/**
 * Tags the errors a request met with its id before Apollo formats them (didEncounterErrors runs
 * first), so an internal error is logged and answered with the id of its request.
 */
export const requestIdsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        const { requestId } = contextValue.requestLog;
        if (requestId) for (const error of errors) tagRequestId(error, requestId);
      },
    };
  },
};
