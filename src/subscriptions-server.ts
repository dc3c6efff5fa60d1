/**
 * Subscriptions server
 *
 * GraphQL over WebSocket (graphql-ws, the graphql-transport-ws protocol) on the HTTP server's
 * `/graphql` path. The token travels in `connection_init` (`{ "authorization": "Bearer <token>" }`):
 * a bad or expired one closes the socket with 4403 Forbidden, none gives a signed-out connection,
 * and the socket is closed the same way when a token expires while it is open, or when the user's
 * sessions end on any instance (a password change, a log-out everywhere). A dead client is
 * dropped when it stops answering pings; a slow one cannot queue more than `queueLimit` events a
 * subscription, nor hold more than `maxSubscriptions` operations at once (LIVE_* settings).
 */
import type http from 'node:http';
import { getOperationAST, GraphQLError, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { CloseCode, type Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';

import { createContext, type ContextDependencies } from './context';
import { authenticate } from './domain/accounts/authentication';
import { DomainError } from './domain/errors';
import { SIGNED_OUT, type Viewer } from './domain/viewer';
import { ErrorCode } from './domain/errors';
import type { LiveConfig } from './config';
import type { OperationLimits } from './graphql/limits/operation-limits';
import { subscribeSharingResults } from './graphql/shared-event-results';
import type { Logger } from './logger';
import type { Unsubscribe } from './domain/live/event-bus';
import { countedSubscription, NO_LIVE_METRICS, subscriptionField, type LiveMetrics } from './subscription-metrics';

interface ConnectionState {
  viewer: Viewer;
  expiry?: NodeJS.Timeout;
  /** Stops listening for the end of the viewer's sessions (resolved once listening, or failed to). */
  sessionWatch?: Promise<Unsubscribe | undefined>;
}

type Extra = { socket: WebSocket; request: http.IncomingMessage; state?: ConnectionState };
type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** setTimeout's longest delay; later expiries are re-armed until they are near. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function serveSubscriptions(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  dependencies: ContextDependencies;
  limits: LiveConfig;
  /** The same query limits as HTTP: tokens, depth, aliases, directives, cost. */
  operationLimits: OperationLimits;
  formatError: FormatError;
  /** The client's address, read as HTTP requests read it (TRUST_PROXY). */
  clientAddress: (request: http.IncomingMessage) => string | undefined;
  logger: Logger;
  metrics?: LiveMetrics;
}): { dispose(): Promise<void> } {
  const { httpServer, schema, dependencies, limits, operationLimits, formatError, clientAddress, logger, metrics = NO_LIVE_METRICS } = options;
  const sockets = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 100 * 1024 });
  sockets.on('connection', (socket) => {
    metrics.connectionOpened();
    socket.once('close', () => metrics.connectionClosed());
  });
  const format = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error));

  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema,
      subscribe: subscribeSharingResults(),
      async onConnect(ctx) {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        if (authorization !== undefined && typeof authorization !== 'string') return false;
        let viewer: Viewer;
        try {
          viewer = await authenticate(authorization || undefined, dependencies.tokens, dependencies.stores.users);
        } catch (error) {
          // Forged, expired, or from before a password change or a log-out everywhere.
          if (error instanceof DomainError) return false;
          throw error;
        }
        const state: ConnectionState = { viewer };
        ctx.extra.state = state;
        if (viewer.signedIn && viewer.expiresAt !== undefined) closeAtExpiry(ctx.extra.socket, state, viewer.expiresAt);
        if (viewer.signedIn) state.sessionWatch = closeWhenSessionsEnd(ctx.extra.socket, viewer.userId, viewer.tokenVersion ?? 0, dependencies, logger);
        return true;
      },
      async onSubscribe(ctx, _id, payload) {
        // graphql-ws has registered this operation already, so the count includes it.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptions) return [tooMany(limits.maxSubscriptions)];
        // Parsed, validated and costed here, before it runs; `context` below still builds its context.
        const prepared = operationLimits.prepare(payload);
        if ('errors' in prepared) return [...prepared.errors];
        const operation = getOperationAST(prepared.document, payload.operationName);
        try {
          // The same rate limits as over HTTP (signed-out reads per address).
          if (operation)
            await dependencies.rateLimits.beforeOperation(operation.operation, ctx.extra.state?.viewer ?? SIGNED_OUT, {
              address: clientAddress(ctx.extra.request),
            });
        } catch (error) {
          if (error instanceof DomainError) return [new GraphQLError(error.message, { originalError: error })];
          throw error;
        }
        return { schema, document: prepared.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context(ctx: Context<Record<string, unknown> | undefined, Extra>) {
        return createContext(dependencies, ctx.extra.state?.viewer ?? SIGNED_OUT, {}, { client: { address: clientAddress(ctx.extra.request) } });
      },
      onOperation(_ctx, _id, _payload, args, result) {
        const field = subscriptionField(args.document, args.operationName);
        if (field !== undefined && Symbol.asyncIterator in result) return countedSubscription(result, field, metrics);
      },
      onNext(_ctx, _id, _payload, _args, result: ExecutionResult) {
        if (result.errors) return { ...result, errors: format(result.errors) };
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
      onClose(ctx, code, reason) {
        clearTimeout(ctx.extra.state?.expiry);
        void ctx.extra.state?.sessionWatch?.then((unsubscribe) => unsubscribe?.());
        logger.debug({ code, reason, userId: ctx.extra.state?.viewer.signedIn ? ctx.extra.state.viewer.userId : undefined }, 'Subscription connection closed');
      },
    },
    sockets,
    limits.keepAliveMs,
  );
  return {
    async dispose() {
      logger.info({ connections: sockets.clients.size }, 'Closing subscription connections');
      await server.dispose();
    },
  };
}

/** Ends the connection, and with it the viewer's subscriptions, when its token expires. */
function closeAtExpiry(socket: WebSocket, state: ConnectionState, expiresAt: number): void {
  const remaining = expiresAt - Date.now();
  if (remaining <= 0) {
    socket.close(CloseCode.Forbidden, 'Token expired');
    return;
  }
  state.expiry = setTimeout(() => closeAtExpiry(socket, state, expiresAt), Math.min(remaining, MAX_TIMER_MS));
  state.expiry.unref();
}

/**
 * Closes the connection with 4403 when the user's sessions end after its token was issued, wherever
 * that happens (the live feeds carry the notice to every instance). Not awaited by the handshake: a
 * connection does not wait for the event bus. Once listening, the current version is read again,
 * so an end between authentication and listening closes the socket too.
 */
async function closeWhenSessionsEnd(
  socket: WebSocket,
  userId: string,
  tokenVersion: number,
  dependencies: ContextDependencies,
  logger: Logger,
): Promise<Unsubscribe | undefined> {
  const close = () => socket.close(CloseCode.Forbidden, 'Session ended');
  let unsubscribe: Unsubscribe;
  try {
    unsubscribe = await dependencies.live.sessionEnds(userId, (current) => {
      if (tokenVersion < current) close();
    });
  } catch (error) {
    logger.warn({ err: error, userId }, 'Listening for the end of sessions failed; tokens are still checked at connection');
    return undefined;
  }
  try {
    const current = await dependencies.stores.users.tokenVersionOf(userId);
    if (current === undefined || tokenVersion < current) close();
  } catch (error) {
    logger.warn({ err: error, userId }, 'Reading the token version of an open connection failed');
  }
  return unsubscribe;
}

function tooMany(max: number): GraphQLError {
  return new GraphQLError(`At most ${max} operations may run at once on one connection; complete one first.`, {
    extensions: { code: ErrorCode.LimitExceeded },
  });
}
