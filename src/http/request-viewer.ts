import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

import { authenticate, type TokenVersions } from '../domain/accounts/authentication';
import type { TokenSettings } from '../domain/accounts/tokens';
import { DomainError, ErrorCode } from '../domain/errors';
import type { Viewer } from '../domain/viewer';

/**
 * The viewer of an HTTP request (see domain/accounts/authentication.ts). A token that does not
 * verify refuses the whole request: 401 with `WWW-Authenticate`, UNAUTHENTICATED in the body; one
 * that cannot be checked because the store is away, 503 with SERVICE_UNAVAILABLE.
 */
export async function requestViewer(authorization: string | undefined, tokens: TokenSettings, versions: TokenVersions): Promise<Viewer> {
  try {
    return await authenticate(authorization, tokens, versions);
  } catch (error) {
    // The token could not be checked (the store is away): the request fails as its operation would.
    if (error instanceof DomainError && error.code === ErrorCode.ServiceUnavailable) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 503 } } });
    }
    if (!(error instanceof DomainError) || error.code !== ErrorCode.Unauthenticated) throw error;
    throw new GraphQLError(error.message, {
      extensions: { code: error.code, http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer error="invalid_token"']]) } },
    });
  }
}
