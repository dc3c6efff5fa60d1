/**
 * Page requests
 *
 * How the domain asks for a page of a list: strictly after a position, newest first. A position
 * is the sort key of the last item seen; `undefined` means "from the newest".
 */

/** Position in an id-ordered list (tweets: UUIDv7 ids sort by creation time). */
export interface IdPosition {
  id: string;
}

/** Position in a list of relationships ordered by when they were made, ties broken by id. */
export interface TimePosition {
  at: number;
  id: string;
}

export interface PageRequest<Position> {
  ownerId: string;
  limit: number;
  after?: Position;
}
