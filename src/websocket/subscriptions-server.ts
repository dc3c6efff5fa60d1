/**
 * Subscriptions server
 *
 * GraphQL over WebSocket (graphql-ws, the graphql-transport-ws protocol) on the HTTP server's
 * `/graphql` path. An upgrade from a foreign `Origin` is refused with 403, before the handshake
 * (subscription-origin.ts); one from an address holding LIVE_MAX_SOCKETS_PER_ADDRESS connections
 * on this instance with 429. The token travels in `connection_init`
 * (`{ "authorization": "Bearer <token>" }`), and is checked again, as HTTP checks each request's,
 * whenever the connection starts an operation. Close codes:
 *
 * - 4403 Forbidden: the session is over (a bad or expired token, a password change, a log-out
 *   everywhere on any instance, the token expiring while the socket is open). Sign in again.
 * - 1013 Try Again Later: the session could not be checked (the database is unavailable), or the
 *   user holds LIVE_MAX_SOCKETS_PER_USER connections on this instance. Reconnect after a while;
 *   graphql-ws clients retry it by default.
 *
 * None gives a signed-out connection. A dead client is dropped when it stops answering pings; a
 * slow one cannot queue more than `queueLimit` events a subscription; a connection holds at most
 * `maxSubscriptions` operations, watches at most `maxWatchedIds` ids across them, and is sent at
 * most `maxEventsPerSecond` events (the subscription that would pass it ends with LIMIT_EXCEEDED).
 */
import type http from 'node:http';
import { getOperationAST, getVariableValues, GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { CloseCode, type Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, WebSocket } from 'ws';

import { createContext, type ContextDependencies } from '../context';
import { authenticate } from '../domain/accounts/authentication';
import { DomainError, ErrorCode } from '../domain/errors';
import { WatchedIds } from '../domain/live/watched-ids';
import type { Metrics } from '../domain/metrics';
import { SIGNED_OUT, type Viewer } from '../domain/viewer';
import type { LiveConfig } from '../config';
import type { FormatError } from '../graphql/format-error';
import type { OperationLimits } from '../graphql/limits/operation-limits';
import { subscribeSharingResults } from '../graphql/shared-event-results';
import type { Logger } from '../logger';
import { closeAtExpiry, isSessionOver, watchSessions, type SessionState } from './connection-sessions';
import { countedSubscription, NO_LIVE_METRICS, subscriptionField, type LiveMetrics } from './subscription-metrics';
import { EventRate, OpenSockets, rateLimitedSubscription } from './subscription-limits';
import { isOriginAllowed, type OriginSettings } from './subscription-origin';
import { SubscriptionSocket } from './subscription-socket';

/** 1013 Try Again Later: retryable, unlike 4403 (graphql-ws clients retry it without being told to). */
export const TRY_AGAIN_LATER = 1013;

interface ConnectionState extends SessionState {
  viewer: Viewer;
  watched: WatchedIds;
  rate: EventRate;
}

type Extra = { socket: WebSocket; request: http.IncomingMessage; state?: ConnectionState };
type SecurityEvents = Pick<Metrics, 'securityEvent'>;

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
  /** Which pages' origins may open a socket besides the server's own (CORS_ORIGINS), and TRUST_PROXY. */
  origins: OriginSettings;
  logger: Logger;
  metrics?: LiveMetrics;
  /** Told of each upgrade refused for its Origin (logged at `warn` and counted). */
  securityEvents: SecurityEvents;
}): { dispose(): Promise<void> } {
  const { httpServer, schema, dependencies, limits, operationLimits, formatError, clientAddress, origins, logger, securityEvents } = options;
  const metrics = options.metrics ?? NO_LIVE_METRICS;
  const byAddress = new OpenSockets(limits.maxSocketsPerAddress);
  const byUser = new OpenSockets(limits.maxSocketsPerUser);
  const sockets = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: 100 * 1024,
    WebSocket: SubscriptionSocket,
    // Answered at once, so the upgrade completes (and `connection` counts it) before another is verified.
    verifyClient({ origin, req }: { origin?: string; req: http.IncomingMessage }, verified: (result: boolean, code?: number, message?: string) => void) {
      const address = clientAddress(req);
      if (!isOriginAllowed(origin, req, origins)) {
        securityEvents.securityEvent('originRefused', { origin: origin?.slice(0, 200), address });
        verified(false, 403, 'This origin may not open a WebSocket to this API.');
        return;
      }
      if (address !== undefined && !byAddress.hasRoom(address)) {
        logger.warn({ address, max: byAddress.max }, 'WebSocket upgrade refused: too many connections from one address');
        verified(false, 429, `At most ${byAddress.max} WebSocket connections may come from one address.`);
        return;
      }
      verified(true);
    },
  });
  sockets.on('connection', (socket, request) => {
    metrics.connectionOpened();
    const address = clientAddress(request);
    if (address !== undefined) byAddress.open(address);
    socket.once('close', () => {
      metrics.connectionClosed();
      if (address !== undefined) byAddress.close(address);
    });
  });
  const format = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error));

  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema,
      subscribe: subscribeSharingResults(),
      async onConnect(ctx) {
        const { socket } = ctx.extra;
        const given = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        if (given !== undefined && typeof given !== 'string') return false;
        const authorization = given || undefined;
        let viewer: Viewer;
        try {
          viewer = await authenticate(authorization, dependencies.tokens, dependencies.stores.users);
        } catch (error) {
          // Forged, expired, or from before a password change or a log-out everywhere: 4403.
          if (isSessionOver(error)) return false;
          // Not known to be over: the client keeps its session and comes back later.
          logger.warn({ err: error }, "A connection's session could not be checked; it is told to try again later");
          socket.close(TRY_AGAIN_LATER, 'The session could not be checked; try again later.');
          return false;
        }
        // Gone while its session was checked: nothing to set up (a `close` listener would never run).
        if (socket.readyState !== WebSocket.OPEN) return false;
        if (viewer.signedIn) {
          const { userId } = viewer;
          if (!byUser.open(userId)) {
            logger.warn({ userId, max: byUser.max }, 'WebSocket connection refused: too many connections of one user');
            socket.close(TRY_AGAIN_LATER, 'Too many connections of this user; try again later.');
            return false;
          }
          socket.once('close', () => byUser.close(userId));
        }
        const state: ConnectionState = {
          viewer,
          authorization,
          watched: new WatchedIds(limits.maxWatchedIds),
          rate: new EventRate(limits.maxEventsPerSecond),
          closed: false,
        };
        ctx.extra.state = state;
        if (viewer.signedIn && viewer.expiresAt !== undefined) closeAtExpiry(socket, state, viewer.expiresAt);
        if (viewer.signedIn) watchSessions(socket, state, viewer.userId, viewer.tokenVersion ?? 0, dependencies, logger);
        return true;
      },
      async onSubscribe(ctx, _id, payload) {
        // graphql-ws has registered this operation already, so the count includes it.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptions) return [tooMany(limits.maxSubscriptions)];
        const { state, socket } = ctx.extra;
        // The session again, from the same cache as HTTP: over means the socket is too.
        if (state?.viewer.signedIn) {
          try {
            await authenticate(state.authorization, dependencies.tokens, dependencies.stores.users);
          } catch (error) {
            if (isSessionOver(error)) socket.close(CloseCode.Forbidden, 'Session ended');
            return [graphQLError(error)];
          }
        }
        // Parsed, validated and costed here, before it runs; `context` below still builds its context.
        const prepared = operationLimits.prepare(payload);
        if ('errors' in prepared) return [...prepared.errors];
        const operation = getOperationAST(prepared.document, payload.operationName);
        // Variables that do not fit their types are the client's error, as over HTTP (graphql-js gives them no code).
        const variables = operation && getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: 10 });
        if (variables?.errors) return variables.errors.map(badVariable);
        try {
          // The same rate limits as over HTTP (signed-out reads per address).
          if (operation)
            await dependencies.rateLimits.beforeOperation(operation.operation, state?.viewer ?? SIGNED_OUT, {
              address: clientAddress(ctx.extra.request),
            });
        } catch (error) {
          if (error instanceof DomainError) return [new GraphQLError(error.message, { originalError: error })];
          throw error;
        }
        return { schema, document: prepared.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context(ctx: Context<Record<string, unknown> | undefined, Extra>) {
        const { state } = ctx.extra;
        const context = createContext(dependencies, state?.viewer ?? SIGNED_OUT, {}, { client: { address: clientAddress(ctx.extra.request) } });
        // Whatever its subscriptions open counts against the connection's watched ids.
        return state ? { ...context, live: context.live.watching(state.watched) } : context;
      },
      onOperation(ctx, _id, _payload, args, result) {
        const field = subscriptionField(args.document, args.operationName);
        if (field === undefined || !(Symbol.asyncIterator in result)) return;
        const { state } = ctx.extra;
        return countedSubscription(state ? rateLimitedSubscription(result, state.rate) : result, field, metrics);
      },
      onNext(_ctx, _id, _payload, _args, result: ExecutionResult) {
        if (result.errors) return { ...result, errors: format(result.errors) };
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
      onClose(ctx, code, reason) {
        const { state } = ctx.extra;
        if (state) {
          state.closed = true;
          clearTimeout(state.expiry);
          clearTimeout(state.sessionRetry);
          void state.unwatchSessions?.();
        }
        logger.debug({ code, reason, userId: state?.viewer.signedIn ? state.viewer.userId : undefined }, 'Subscription connection closed');
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

/** An operation's error: a domain error keeps its code; anything else is formatted as internal (and logged). */
function graphQLError(error: unknown): GraphQLError {
  return error instanceof Error ? new GraphQLError(error.message, { originalError: error }) : new GraphQLError('The session could not be checked.');
}

function badVariable(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: ErrorCode.BadUserInput } });
}

function tooMany(max: number): GraphQLError {
  return new GraphQLError(`At most ${max} operations may run at once on one connection; complete one first.`, {
    extensions: { code: ErrorCode.LimitExceeded },
  });
}
