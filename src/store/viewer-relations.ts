/**
 * Viewer relations
 *
 * The signed-in viewer's relations a page shows: which of its tweets they have favorited, which of
 * its users they follow. The `viewerHasFavorited` and `viewerFollows` loaders both ask here, and
 * what they ask in the same tick goes to Neo4j as one statement (viewer-relations): a home timeline
 * page's flags and its authors' Follow buttons cost one round trip, not one each. A statement
 * already sent may carry some follows (a profile page's Follow button comes with its page, see
 * `carryFollows`): those are waited for, not asked again.
 */
import DataLoader from 'dataloader';

import type { Graph } from './graph';

interface Relation {
  kind: 'favorited' | 'follows';
  /** The tweet's id (favorited) or the user's (follows). */
  id: string;
}

type RelationRow = { favorited: string[]; followed: string[] };

export class ViewerRelations {
  /** Answers that statements in flight carry for some follows, by user id, until they arrive. */
  private readonly carried = new Map<string, Promise<ReadonlyMap<string, boolean>>>();
  /**
   * Not cached (the loaders in front of it are): it only batches. Its batch leaves once everything
   * the request can do without I/O is done (setImmediate), not on the next tick as a loader's does:
   * a tweet's author cached in its loader resolves with that loader's next batch, a tick after the
   * tweet's flags were asked, and the author's Follow button a tick later still; and by then a page
   * statement sent meanwhile has said which follows it carries.
   */
  private readonly batch = new DataLoader((relations: readonly Relation[]) => this.answer(relations), {
    cache: false,
    batchScheduleFn: (dispatch) => setImmediate(dispatch),
  });

  constructor(
    private readonly graph: Graph,
    private readonly viewerId: string,
  ) {}

  /** Whether the viewer has favorited each of `tweetIds`, in their order. */
  favorited(tweetIds: readonly string[]): Promise<(boolean | Error)[]> {
    return this.batch.loadMany(tweetIds.map((id) => ({ kind: 'favorited', id })));
  }

  /** Whether the viewer follows each of `userIds`, in their order. */
  follows(userIds: readonly string[]): Promise<(boolean | Error)[]> {
    return this.batch.loadMany(userIds.map((id) => ({ kind: 'follows', id })));
  }

  /**
   * `answer`, from a statement just sent, will say whether the viewer follows each of `userIds`:
   * a batch that asks for them before it arrives waits for it instead of asking Neo4j.
   */
  carryFollows(userIds: readonly string[], answer: Promise<ReadonlyMap<string, boolean>>): void {
    for (const id of userIds) this.carried.set(id, answer);
    // Once it has arrived, the loader in front has the answers; later asks (a subscription's next
    // event) are new. Forgotten at the next setImmediate, not on arrival: a batch that asked before
    // the answer arrived may not have left yet (a request started in a check phase sends it at the next).
    const forget = () =>
      setImmediate(() => {
        for (const id of userIds) if (this.carried.get(id) === answer) this.carried.delete(id);
      });
    answer.then(forget, forget);
  }

  private async answer(relations: readonly Relation[]): Promise<boolean[]> {
    const carriers = relations.map(({ kind, id }) => (kind === 'follows' ? this.carried.get(id) : undefined));
    const asked = relations.filter((_, index) => carriers[index] === undefined);
    const read = asked.length > 0 ? this.read(asked) : undefined;
    return Promise.all(
      relations.map(async ({ kind, id }, index) => {
        const carrier = carriers[index];
        if (carrier) return (await carrier).get(id) ?? false;
        const found = await read;
        return (kind === 'favorited' ? found?.favorited : found?.followed)?.has(id) ?? false;
      }),
    );
  }

  private async read(relations: readonly Relation[]): Promise<{ favorited: Set<string>; followed: Set<string> }> {
    const idsOf = (kind: Relation['kind']) => [...new Set(relations.filter((relation) => relation.kind === kind).map(({ id }) => id))];
    const [row] = await this.graph.read<RelationRow>('viewer-relations', { viewerId: this.viewerId, tweetIds: idsOf('favorited'), userIds: idsOf('follows') });
    return { favorited: new Set(row?.favorited), followed: new Set(row?.followed) };
  }
}
