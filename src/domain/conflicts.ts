/**
 * Conflicts
 *
 * What a repository throws when a write meets the state another write left: the domain catches
 * these by type and turns them into the error a client sees. The store raises them from its
 * driver's errors (src/store/graph.ts).
 */

/** A write broke a uniqueness constraint (for example a taken handle). */
export class UniquenessViolation extends Error {
  override name = 'UniquenessViolation';
}

/** A node the statement was working on was deleted by a concurrent transaction. */
export class ConcurrentlyDeleted extends Error {
  override name = 'ConcurrentlyDeleted';
}
