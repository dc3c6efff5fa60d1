/** The result of an idempotent relationship change (follow, favorite): `changed` is false when nothing was to do. */
export interface RelationshipChange<T> {
  node: T;
  changed: boolean;
}
