/**
 * Operations and workloads
 *
 * What `npm run bench` sends: each operation as a GraphQL request for Chirp and, for the reads, the
 * nearest equivalent for the `@neo4j/graphql` API (same fields, same page sizes), with arguments drawn
 * with the graph's skew: profiles, favorites and follows go to popular users and their recent
 * tweets more; the acting viewer is any of the signed-in sample, authors weighted by popularity.
 */
import { SocialGraph } from '../seed/social-graph';
import { WeightedIndex, mulberry32, type Random } from '../seed/random';

export type Dialect = 'chirp' | 'neo4j-graphql' | 'bare';

export interface Viewer {
  rank: number;
  id: string;
  token: string;
}

export interface Request {
  query: string;
  variables: Record<string, unknown>;
  token?: string;
}

export const OPERATIONS = ['postTweet', 'favorite', 'followToggle', 'homeTimeline', 'profile', 'tweet', 'userTimeline', 'typename'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Requests per 100 of each operation. */
export const WORKLOADS: Record<string, Partial<Record<Operation, number>>> = {
  // The design's mix (the "seed" workload).
  seed: { postTweet: 10, favorite: 20, followToggle: 1, homeTimeline: 40, profile: 24, tweet: 5 },
  // DeathStarBench's social network mix: 60 home timeline, 30 user timeline, 10 compose.
  dsb: { homeTimeline: 60, userTimeline: 30, postTweet: 10 },
  // The seed mix's reads alone: what both Chirp and the @neo4j/graphql API serve.
  reads: { homeTimeline: 40, profile: 24, tweet: 5 },
  // The ceiling of the HTTP and GraphQL layers.
  typename: { typename: 1 },
};

export function workloadWeights(name: string): Partial<Record<Operation, number>> {
  const workload = WORKLOADS[name];
  if (workload) return workload;
  if ((OPERATIONS as readonly string[]).includes(name)) return { [name]: 1 };
  throw new Error(`Unknown workload "${name}": use one of ${[...Object.keys(WORKLOADS), ...OPERATIONS].join(', ')}.`);
}

const TWEET_FIELDS = 'id text createdAt favoriteCount viewerHasFavorited';

const CHIRP: Record<Operation, string> = {
  postTweet: 'mutation Post($text: String!) { postTweet(text: $text) { id createdAt } }',
  favorite: 'mutation Favorite($id: ID!) { favorite(tweetId: $id) { id favoriteCount viewerHasFavorited } }',
  followToggle: 'mutation Follow($id: ID!) { follow(userId: $id) { id followerCount viewerFollows } }',
  homeTimeline: `query Home { homeTimeline(first: 20) { edges { node { ${TWEET_FIELDS} author { id handle displayName } } } pageInfo { endCursor hasNextPage } } }`,
  profile: `query Profile($handle: String!) { user(handle: $handle) { id displayName bio followerCount followingCount tweetCount viewerFollows tweets(first: 20) { edges { node { ${TWEET_FIELDS} author { id handle } } } pageInfo { endCursor hasNextPage } } } }`,
  tweet: `query Tweet($id: ID!) { tweet(id: $id) { ${TWEET_FIELDS} author { id handle followerCount } } }`,
  userTimeline: `query UserTimeline($handle: String!) { user(handle: $handle) { id tweets(first: 10) { edges { node { ${TWEET_FIELDS} author { id handle } } } } } }`,
  typename: '{ __typename }',
};
const CHIRP_UNFOLLOW = 'mutation Unfollow($id: ID!) { unfollow(userId: $id) { id followerCount viewerFollows } }';

/** @neo4j/graphql 7: lists instead of connections, `limit`/`sort` instead of `first`, `where: { field: { eq } }`. */
const NEO4J_GRAPHQL: Partial<Record<Operation, string>> = {
  homeTimeline: `query Home { homeTimeline(first: 20) { ${TWEET_FIELDS} author { id handle displayName } } }`,
  profile: `query Profile($handle: String!) { users(where: { handle: { eq: $handle } }, limit: 1) { id displayName bio followerCount followingCount tweetCount viewerFollows tweets(limit: 20, sort: [{ id: DESC }]) { ${TWEET_FIELDS} author { id handle } } } }`,
  tweet: `query Tweet($id: ID!) { tweets(where: { id: { eq: $id } }, limit: 1) { ${TWEET_FIELDS} author { id handle followerCount } } }`,
  userTimeline: `query UserTimeline($handle: String!) { users(where: { handle: { eq: $handle } }, limit: 1) { id tweets(limit: 10, sort: [{ id: DESC }]) { ${TWEET_FIELDS} author { id handle } } } }`,
  typename: '{ __typename }',
};

/** Draws each request's viewer and arguments; one per generator process, seeded for reproducible runs. */
export class RequestFactory {
  private readonly random: Random;
  private readonly authors: WeightedIndex;
  private readonly tweetsOf = new Map<number, string[]>();
  private readonly followed = new Map<number, string>();
  private posts = 0;

  constructor(
    private readonly model: SocialGraph,
    private readonly viewers: readonly Viewer[],
    private readonly dialect: Dialect,
    seed: number,
  ) {
    this.random = mulberry32(seed);
    // Popular users post more: the viewers weighted by popularity (Zipf over their rank).
    this.authors = new WeightedIndex(viewers.map((viewer) => 1 / Math.sqrt(viewer.rank + 1)));
  }

  supports(operation: Operation): boolean {
    return this.dialect === 'chirp' ? true : this.dialect === 'bare' ? operation === 'typename' : operation in NEO4J_GRAPHQL;
  }

  request(operation: Operation): Request {
    const viewer = this.viewers[Math.floor(this.random() * this.viewers.length)]!;
    const query = this.dialect === 'chirp' ? CHIRP[operation] : NEO4J_GRAPHQL[operation];
    if (!query || (this.dialect === 'bare' && operation !== 'typename')) throw new Error(`${operation} is not served by the ${this.dialect} API.`);
    switch (operation) {
      case 'postTweet': {
        const author = this.viewers[this.authors.draw(this.random)]!;
        return { query, variables: { text: `bench tweet ${++this.posts} from ${author.rank} at ${Date.now()}` }, token: author.token };
      }
      case 'favorite':
      case 'tweet':
        return { query, variables: { id: this.popularTweet() }, token: viewer.token };
      case 'followToggle': {
        // Each viewer alternates: follow someone popular, then unfollow them.
        const target = this.followed.get(viewer.rank);
        if (target) {
          this.followed.delete(viewer.rank);
          return { query: CHIRP_UNFOLLOW, variables: { id: target }, token: viewer.token };
        }
        let rank = this.model.popularity.draw(this.random);
        if (rank === viewer.rank) rank = (rank + 1) % this.model.users;
        const id = this.model.userId(rank);
        this.followed.set(viewer.rank, id);
        return { query, variables: { id }, token: viewer.token };
      }
      case 'profile':
      case 'userTimeline':
        return { query, variables: { handle: this.model.handle(this.model.popularity.draw(this.random)) }, token: viewer.token };
      case 'homeTimeline':
        return { query, variables: {}, token: viewer.token };
      case 'typename':
        return { query, variables: {} };
    }
  }

  /** A tweet of a popular author, recent ones more often (as the seed's favorites are drawn). */
  private popularTweet(): string {
    for (;;) {
      const author = this.model.popularity.draw(this.random);
      let ids = this.tweetsOf.get(author);
      if (!ids) this.tweetsOf.set(author, (ids = this.model.tweets(author).map((tweet) => tweet.id)));
      if (ids.length === 0) continue;
      return ids[ids.length - 1 - Math.floor(ids.length * this.random() * this.random())]!;
    }
  }
}
