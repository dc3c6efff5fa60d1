import type { ApolloServerPlugin } from '@apollo/server';

import type { GraphQLContext } from '../context.type';
import type { OperationLimits } from './operation-limits';

/**
 * Checks an HTTP operation's estimated cost once Apollo knows the operation and its variables.
 * A refusal carries HTTP 400 in its extensions, which Apollo makes the response status. Depth,
 * aliases and directives are Apollo `validationRules`, and tokens are counted before Apollo
 * parses (src/http/token-limit.ts): Apollo answers an error thrown while parsing with a 500.
 */
export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request }) {
          limits.checkCost(document, operationName, request.variables);
        },
      };
    },
  };
}
