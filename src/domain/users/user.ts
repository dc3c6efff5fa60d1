/** A user as the domain hands it out: profile and stored counts, never the password hash. */
import type { UserRecord } from '../../store/records';

export type User = UserRecord;
