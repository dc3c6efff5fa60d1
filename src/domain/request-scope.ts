/**
 * Request scope
 *
 * What every domain service works with during one request: who is asking. Each service's scope
 * adds only the ports it uses (UserScope in src/domain/users/ports.ts, TweetScope, TimelineScope,
 * LiveScope), so a service can be built, and tested, with nothing else.
 */
import type { Viewer } from './viewer';

export interface RequestScope {
  viewer: Viewer;
}
