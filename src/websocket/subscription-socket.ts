/**
 * Subscription socket
 *
 * The subscriptions server's WebSocket class (ws's `WebSocket` option): a `ws` WebSocket that
 * closes with 4400 Bad Request on a message of a type only a server sends (`connection_ack`,
 * `next`, `error`), before graphql-ws sees it. graphql-ws would throw on one, answer 4500 Internal
 * Server Error and print the stack to stderr: a client's mistake is not the server's. Likewise the
 * frames `ws` itself refuses (too large, malformed: its `WS_ERR_` errors), which `ws` has already
 * answered with their close code (1009, 1002, …): they are not reported to graphql-ws as errors.
 */
import { CloseCode, MessageType } from 'graphql-ws';
import { WebSocket } from 'ws';

const SERVER_ONLY: readonly string[] = [MessageType.ConnectionAck, MessageType.Next, MessageType.Error];

export class SubscriptionSocket extends WebSocket {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message' && isServerOnly(args[0])) {
      this.close(CloseCode.BadRequest, 'Invalid message received');
      return true;
    }
    if (event === 'error' && isRefusedFrame(args[0])) return true;
    return super.emit(event, ...args);
  }
}

function isServerOnly(data: unknown): boolean {
  if (!Buffer.isBuffer(data)) return false;
  try {
    const message: unknown = JSON.parse(data.toString());
    return typeof message === 'object' && message !== null && 'type' in message && typeof message.type === 'string' && SERVER_ONLY.includes(message.type);
  } catch {
    // Not JSON: graphql-ws closes with 4400 itself.
    return false;
  }
}

function isRefusedFrame(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('WS_ERR_');
}
