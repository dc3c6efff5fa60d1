/**
 * Mixed load
 *
 * What the fault tests and the soak send while they stop and restart things: a closed loop of
 * posts, follows, favorites and reads (home timelines, tweets, profiles) by a fixed set of users,
 * to a server whose address may change between requests (a restarted process). It records every
 * answer's outcome (served, or the error code it carried) and every acknowledged write (one that
 * came back with data), so that a check afterwards can prove that none was lost.
 */

export interface LoadUser {
  id: string;
  handle: string;
  token: string;
}

export type OperationKind = 'post' | 'follow' | 'favorite' | 'home' | 'tweet' | 'profile';

/** `OK`, a GraphQL error code, `HTTP_<status>` (an answer without one), `TIMEOUT` or `NETWORK` (no answer). */
export type OutcomeCode = string;

export interface Outcome {
  kind: OperationKind;
  code: OutcomeCode;
  /** When the request was sent and how long its answer took (ms). */
  startedAt: number;
  ms: number;
  /** The first error's message, if any. */
  message?: string;
}

export interface AcknowledgedWrites {
  posts: { id: string; authorId: string; at: number }[];
  follows: { followerId: string; followeeId: string }[];
  favorites: { userId: string; tweetId: string }[];
}

export interface MixedLoadOptions {
  /** Requests in flight at once. */
  workers: number;
  /** Gives up on an answer after this long (a hang shows as TIMEOUT). */
  requestTimeoutMs?: number;
  /** Called with each outcome as it comes. */
  onOutcome?: (outcome: Outcome) => void;
  /** Which operations to send, in turn (default: a write, then a read, alternately). */
  kinds?: readonly OperationKind[];
}

const ROTATION: readonly OperationKind[] = ['post', 'home', 'favorite', 'tweet', 'follow', 'profile'];
/** How long a worker waits after an answer that came without one (a stopped server), not to spin. */
const PAUSE_AFTER_NO_ANSWER_MS = 50;

export class MixedLoad {
  readonly acknowledged: AcknowledgedWrites = { posts: [], follows: [], favorites: [] };
  readonly outcomes: Outcome[] = [];
  private running = false;
  private workers: Promise<void>[] = [];
  private step = 0;

  constructor(
    private readonly users: readonly LoadUser[],
    /** The GraphQL endpoint to send the next request to. */
    private readonly endpoint: () => string,
    private readonly options: MixedLoadOptions,
  ) {}

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.options.workers }, () => this.work());
  }

  /** Stops sending; resolves once every request in flight has its answer. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  /** Outcomes counted by code. */
  countsByCode(outcomes: readonly Outcome[] = this.outcomes): Record<OutcomeCode, number> {
    const counts: Record<OutcomeCode, number> = {};
    for (const { code } of outcomes) counts[code] = (counts[code] ?? 0) + 1;
    return counts;
  }

  private async work(): Promise<void> {
    const kinds = this.options.kinds ?? ROTATION;
    while (this.running) {
      const step = this.step++;
      const outcome = await this.send(kinds[step % kinds.length]!, step);
      this.outcomes.push(outcome);
      this.options.onOutcome?.(outcome);
      if (outcome.code === 'NETWORK') await new Promise((resolve) => setTimeout(resolve, PAUSE_AFTER_NO_ANSWER_MS));
    }
  }

  private async send(kind: OperationKind, step: number): Promise<Outcome> {
    const user = this.users[step % this.users.length]!;
    const other = this.users[(step * 7 + 3) % this.users.length]!;
    const posts = this.acknowledged.posts;
    const someTweet = posts.length > 0 ? posts[(step * 13) % posts.length] : undefined;
    switch (kind) {
      case 'post':
        return this.request(kind, user, 'mutation Post($text: String!) { postTweet(text: $text) { id } }', { text: `load ${step}` }, (data) => {
          const id = (data.postTweet as { id: string } | null)?.id;
          if (id !== undefined) posts.push({ id, authorId: user.id, at: Date.now() });
          return id !== undefined;
        });
      case 'follow':
        if (other.id === user.id) return this.send('profile', step);
        return this.request(kind, user, 'mutation Follow($id: ID!) { follow(userId: $id) { id } }', { id: other.id }, (data) => {
          const ok = data.follow != null;
          if (ok) this.acknowledged.follows.push({ followerId: user.id, followeeId: other.id });
          return ok;
        });
      case 'favorite':
        if (!someTweet) return this.send('post', step);
        return this.request(kind, user, 'mutation Favorite($id: ID!) { favorite(tweetId: $id) { id } }', { id: someTweet.id }, (data) => {
          const ok = data.favorite != null;
          if (ok) this.acknowledged.favorites.push({ userId: user.id, tweetId: someTweet.id });
          return ok;
        });
      case 'home':
        return this.request(
          kind,
          user,
          '{ homeTimeline(first: 20) { edges { node { id text author { handle } } } } }',
          {},
          (data) => data.homeTimeline != null,
        );
      case 'tweet':
        if (!someTweet) return this.send('home', step);
        return this.request(
          kind,
          undefined,
          'query Tweet($id: ID!) { tweet(id: $id) { id favoriteCount } }',
          { id: someTweet.id },
          (data) => data.tweet != null,
        );
      case 'profile':
        return this.request(
          kind,
          undefined,
          'query Profile($handle: String!) { user(handle: $handle) { id followerCount } }',
          { handle: other.handle },
          (data) => data.user != null,
        );
    }
  }

  private async request(
    kind: OperationKind,
    user: LoadUser | undefined,
    query: string,
    variables: Record<string, unknown>,
    accept: (data: Record<string, unknown>) => boolean,
  ): Promise<Outcome> {
    const startedAt = Date.now();
    const finish = (code: OutcomeCode, message?: string): Outcome => ({ kind, code, startedAt, ms: Date.now() - startedAt, ...(message ? { message } : {}) });
    let response: Response;
    let body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      response = await fetch(this.endpoint(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${user.token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      return finish(error instanceof Error && error.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK');
    }
    const [firstError] = body.errors ?? [];
    if (firstError) return finish(firstError.extensions?.code ?? `HTTP_${response.status}`, firstError.message);
    if (!body.data || !accept(body.data)) return finish(`HTTP_${response.status}`);
    return finish('OK');
  }
}

/** Signs `count` users up through the API and has each follow the next `follows` users (in a ring). */
export async function signUpLoadUsers(endpoint: string, count: number, follows: number, handlePrefix: string): Promise<LoadUser[]> {
  const users: LoadUser[] = [];
  const run = handlePrefix + Date.now().toString(36).slice(-5);
  for (let index = 0; index < count; index++) {
    const handle = `${run}_${index}`;
    const data = await graphql(endpoint, 'mutation S($input: SignUpInput!) { signUp(input: $input) { token user { id } } }', {
      input: { handle, password: 'correct horse battery' },
    });
    const signUp = data.signUp as { token: string; user: { id: string } };
    users.push({ id: signUp.user.id, handle, token: signUp.token });
  }
  for (const [index, user] of users.entries()) {
    for (let next = 1; next <= follows; next++) {
      const followee = users[(index + next) % users.length]!;
      if (followee.id !== user.id) await graphql(endpoint, 'mutation F($id: ID!) { follow(userId: $id) { id } }', { id: followee.id }, user.token);
    }
  }
  return users;
}

/** One request that must succeed; its data. */
export async function graphql(endpoint: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`The request failed (${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data;
}
