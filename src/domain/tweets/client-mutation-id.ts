/**
 * Client mutation ids
 *
 * The key a client may give a post so that retrying it posts once (Relay's `clientMutationId`):
 * 1 to 64 visible ASCII characters, such as a UUID the client made for this post.
 */
import { badUserInput } from '../errors';

const CLIENT_MUTATION_ID = /^[\x21-\x7e]{1,64}$/;

export function checkClientMutationId(clientMutationId: string): string {
  if (!CLIENT_MUTATION_ID.test(clientMutationId)) {
    throw badUserInput('clientMutationId', 'clientMutationId must be 1 to 64 visible ASCII characters, such as a UUID.');
  }
  return clientMutationId;
}
