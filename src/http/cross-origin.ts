/**
 * Cross-origin requests
 *
 * Off unless CORS_ORIGINS names the origins of third-party single-page apps that may call the API
 * from a browser. Tokens travel in the Authorization header, never in cookies, so no credentials
 * mode is needed; preflights are cached for ten minutes.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';

const PREFLIGHT_MAX_AGE_SECONDS = 600;

export function crossOrigin(origins: readonly string[]): RequestHandler {
  if (origins.length === 0) return (_request, _response, next) => next();
  return cors({
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Apollo-Require-Preflight', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  });
}
