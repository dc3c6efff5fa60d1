/** The signed-in user (null when signed out), read once per session and kept in the cache. */
import { useQuery } from 'urql';

import { graphql } from '../gql';
import { useSession } from './session';

export const ViewerQuery = graphql(`
  query Viewer { me { id handle displayName } }
`);

export function useViewer() {
  const { token } = useSession();
  const [{ data, fetching }] = useQuery({ query: ViewerQuery, pause: !token });
  return { viewer: token ? (data?.me ?? null) : null, loading: Boolean(token) && fetching && !data };
}
