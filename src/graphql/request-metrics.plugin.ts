import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, type DocumentNode } from 'graphql';

import type { GraphQLContext } from './context.type';

/** Told of every GraphQL request over HTTP once its response is ready (src/metrics/prometheus-metrics.ts bounds the labels). */
export interface RequestMetrics {
  /**
   * `operationName`: the operation's name, undefined when it has none (or the request failed before
   * one could be read); `errorCode`: the first error's `extensions.code`, undefined when none failed.
   */
  requestCompleted(operationName: string | undefined, errorCode: string | undefined, durationMs: number): void;
}

/** Measures each request from its start in Apollo to its response, with the operation it ran and how it ended. */
export function requestMetricsPlugin(metrics: RequestMetrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, document, request, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          const errorCode = errors === undefined || errors.length === 0 ? undefined : typeof code === 'string' ? code : 'UNKNOWN';
          metrics.requestCompleted(operationName ?? nameInDocument(document, request.operationName), errorCode, performance.now() - started);
        },
      };
    },
  };
}

/** An operation that failed validation was never resolved, but it was parsed: its name is in the document. */
function nameInDocument(document: DocumentNode | undefined, operationName: string | undefined): string | undefined {
  return document ? getOperationAST(document, operationName)?.name?.value : undefined;
}
