/** A tweet known by id only (one that arrived live), read from the cache so its counts stay live. */
import { useQuery } from 'urql';

import { graphql } from '../../gql';
import type { TweetFieldsFragment } from '../../gql/graphql';

const CachedTweetQuery = graphql(`
  query CachedTweet($id: ID!) { tweet(id: $id) { ...TweetFields } }
`);

export function useCachedTweet(id: string): TweetFieldsFragment | null {
  const [{ data }] = useQuery({ query: CachedTweetQuery, variables: { id }, requestPolicy: 'cache-first' });
  return data?.tweet ?? null;
}
