/**
 * Loader
 *
 * How a service reads during a request: by key, batched and cached for the request (the store's
 * DataLoaders, src/store/loaders.ts, are one implementation; a Map is enough for a unit test).
 */
export interface Loader<Key, Value> {
  load(key: Key): Promise<Value>;
  /** One value per key, in key order; an `Error` in the place of a key that failed. */
  loadMany(keys: readonly Key[]): Promise<(Value | Error)[]>;
}
