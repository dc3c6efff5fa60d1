/**
 * Environment values
 *
 * The zod shapes that more than one group of settings reads its variables with: counts, ports
 * and on/off flags, each coerced from the string the environment holds.
 */
import { z } from 'zod';

export const positiveInt = z.coerce.number().int().positive();

/** A TCP port; 0 lets the system choose a free one (tests). */
export const portNumber = z.coerce.number().int().min(0).max(65535);

/** Off unless set to true or 1. */
export const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

/** Like `flag`, but `undefined` when unset, for a default that depends on another variable. */
export const optionalFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : value === 'true' || value === '1'));
