import type { ApolloServerPlugin } from '@apollo/server';

import type { GraphQLContext } from './context.type';

/** Told of every GraphQL request over HTTP once its response is ready (src/metrics/prometheus-metrics.ts bounds the labels). */
export interface RequestMetrics {
  /**
   * `operationName`: the operation's name, undefined when it has none (or the request failed before
   * one was known); `errorCode`: the first error's `extensions.code`, undefined when none failed.
   */
  requestCompleted(operationName: string | undefined, errorCode: string | undefined, durationMs: number): void;
}

/** Measures each request from its start in Apollo to its response, with the operation it ran and how it ended. */
export function requestMetricsPlugin(metrics: RequestMetrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, request, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const [firstError] = errors ?? [];
          const code = firstError?.extensions?.code;
          const errorCode = firstError === undefined ? undefined : typeof code === 'string' ? code : 'UNKNOWN';
          // Before an operation is resolved (a parse or validation error), the name the client sent.
          metrics.requestCompleted(operationName ?? request.operationName ?? undefined, errorCode, performance.now() - started);
        },
      };
    },
  };
}
