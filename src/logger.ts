/**
 * Logger
 *
 * Structured JSON logs (pino) on standard output, one object a line.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'chirp', pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
