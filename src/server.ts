/**
 * Server
 *
 * Wires the stores, the schema and HTTP: `POST`/`GET /graphql` (Apollo Server on Express),
 * subscriptions over WebSocket on the same path, `GET /health`, and one JSON log line per request.
 * `stop()` drains open requests and closes subscription sockets.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Config } from './config';
import { createContext, type ContextDependencies } from './context';
import { AccountService } from './domain/accounts/account-service';
import type { LiveFeeds } from './domain/live/live-feeds';
import type { HomeTimelines } from './domain/timelines/home-timelines';
import type { GraphQLContext, RequestLog } from './graphql/context.type';
import { createErrorFormatter } from './graphql/format-error';
import { OperationLimits } from './graphql/limits/operation-limits';
import { operationLimitsPlugin } from './graphql/limits/operation-limits.plugin';
import { operationNamePlugin } from './graphql/operation-name.plugin';
import { requestIdsPlugin } from './graphql/request-ids.plugin';
import { buildGraphQLSchema } from './graphql/schema';
import type { Logger } from './logger';
import type { Stores } from './store/stores';
import { serveSubscriptions } from './websocket/subscriptions-server';
import { createWebApp } from './http/web-app';
import { tokenLimit } from './http/token-limit';
import { errorResponses, jsonBodiesOnly } from './http/error-responses';
import { requestIds } from './http/request-ids';
import { tagRequestId } from './request-id';
import { crossOrigin } from './http/cross-origin';
import { requestViewer } from './http/request-viewer';
import { securityHeaders } from './http/security-headers';
import { healthRoutes } from './http/health';
import { clientAddress, limitedAddress } from './http/client-address';
import type { RateLimits } from './domain/limits/rate-limits';
import type { Metrics } from './domain/metrics';
import { rateLimitsPlugin } from './graphql/rate-limits.plugin';
import { requestMetricsPlugin, type RequestMetrics } from './graphql/request-metrics.plugin';
import type { LiveMetrics } from './websocket/subscription-metrics';

export interface ServerOptions {
  config: Config;
  stores: Stores;
  timelines: HomeTimelines;
  live: LiveFeeds;
  rateLimits: RateLimits;
  logger: Logger;
  /** Told of every request and live connection (METRICS_PORT); none by default. */
  metrics?: RequestMetrics & LiveMetrics;
  /** Where password changes, sessions ended and refused origins are reported (logged, and counted with METRICS_PORT). */
  securityEvents: Pick<Metrics, 'securityEvent'>;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startServer({ config, stores, timelines, live, rateLimits, logger, metrics, securityEvents }: ServerOptions): Promise<RunningServer> {
  const app = express();
  app.set('trust proxy', config.trustProxy);
  const httpServer = http.createServer(app);
  const tokens = { secret: config.jwtSecret, ttlSeconds: config.jwtTtlSeconds };
  const dependencies: ContextDependencies = {
    stores,
    tokens,
    accounts: new AccountService(stores.users, tokens, rateLimits, live, securityEvents),
    timelines,
    live,
    rateLimits,
  };
  const schema = buildGraphQLSchema();
  const formatError = createErrorFormatter(logger, { exposeDetails: config.exposeErrorDetails, introspection: config.introspection });
  const operationLimits = new OperationLimits(schema, config.queryLimits, { introspection: config.introspection });
  const subscriptions = serveSubscriptions({
    httpServer,
    schema,
    dependencies,
    limits: config.live,
    operationLimits,
    formatError,
    clientAddress: (request) => clientAddress(request, app),
    origins: { allowed: config.corsOrigins, trustProxy: config.trustProxy },
    logger,
    metrics,
    securityEvents,
  });

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: config.exposeErrorDetails,
    introspection: config.introspection,
    // main.ts owns SIGTERM and SIGINT and stops this server in its turn. Apollo's own handler would
    // stop it at once as well, and a stop() called while another runs never returns (Apollo 5
    // resolves the waiters' barrier only when stopping fails), hanging main.ts's shutdown.
    stopOnTerminationSignals: false,
    validationRules: [...operationLimits.validationRules],
    plugins: [
      // GraphiQL at /graphiql replaces Apollo's hosted landing page, which loads from Apollo's servers.
      ApolloServerPluginLandingPageDisabled(),
      operationLimitsPlugin(operationLimits),
      rateLimitsPlugin,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: () => subscriptions.dispose() }) },
      operationNamePlugin,
      requestIdsPlugin,
      ...(metrics ? [requestMetricsPlugin(metrics)] : []),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(requestIds());
  app.use(requestLogging(logger));
  // Before any router, whose automatic OPTIONS answers would take the preflights.
  app.use('/graphql', crossOrigin(config.corsOrigins));
  const webApp = createWebApp({ graphiql: config.introspection });
  app.use(webApp.before);
  app.use(healthRoutes({ graph: stores.graph, timelines, logger }));
  app.use(
    '/graphql',
    jsonBodiesOnly(),
    express.json({ limit: '100kb' }),
    tokenLimit(operationLimits, formatError),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestLog = res.locals.requestLog as RequestLog;
        try {
          return createContext(dependencies, await requestViewer(req.headers.authorization, tokens, stores.users), requestLog, {
            client: { address: limitedAddress(req.ip) },
          });
        } catch (error) {
          // Apollo formats this error with no request to tag it (see src/request-id.ts).
          if (requestLog.requestId) tagRequestId(error, requestLog.requestId);
          throw error;
        }
      },
    }),
  );
  // Last: the app for other pages, JSON 404s for unknown API paths.
  app.use(webApp.after);
  // After every route: whatever went wrong answers as JSON in the GraphQL error format.
  app.use(errorResponses(logger, config.exposeErrorDetails));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
  logger.info({ url }, 'Server ready');

  return {
    url,
    port,
    async stop() {
      await apollo.stop();
      await timelines.drain();
    },
  };
}

/** One log line per request, when its response is finished: operation, status and duration. */
function requestLogging(logger: Logger) {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = performance.now();
    const requestLog: RequestLog = { requestId: response.locals.requestId as string | undefined };
    response.locals.requestLog = requestLog;
    response.on('finish', () => {
      logger.info(
        {
          method: request.method,
          path: request.originalUrl.split('?')[0],
          status: response.statusCode,
          operationName: requestLog.operationName,
          requestId: requestLog.requestId,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        },
        'request',
      );
    });
    next();
  };
}
