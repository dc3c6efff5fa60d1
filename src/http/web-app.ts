/**
 * Web app
 *
 * Serves the single-page app and GraphiQL built by Vite into `dist/web` (`web/build.mjs`, part of
 * `npm run build`), under a Content-Security-Policy that lets a page load and connect only to this
 * server. Hashed files under `/assets/` are cached for a year; the HTML pages are revalidated at each
 * load, so a new build is picked up at once. Deep links (`/@ada`, `/home`) get the app, which routes in the
 * browser; API paths (`/graphql/…`, `/health/…`, `/metrics/…`) and missing assets answer a JSON 404.
 */
import express, { type Request, type Response, type Router } from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { PROJECT_ROOT } from '../project-root';

/** Where `npm run build` puts the built app. */
export const WEB_APP_ROOT = path.join(PROJECT_ROOT, 'dist', 'web');

/**
 * Only this origin: scripts, styles, fonts, images, workers and connections (`'self'` covers the
 * same host's ws:/wss: in CSP 3). GraphiQL's editor (Monaco) writes style elements at run time,
 * hence 'unsafe-inline' for styles only; `data:` for the fonts and images the build inlines. No
 * `upgrade-insecure-requests`: it would break plain-HTTP deployments on a LAN.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the API: an unknown one is a JSON 404, never the app. */
const API_PATHS = /^\/(graphql|health|metrics|assets)(\/|$)/;

const HASHED_ASSET_MAX_AGE = '365d';

export interface WebAppOptions {
  /** GraphiQL at /graphiql; off when introspection is off. */
  graphiql: boolean;
  /** The built files; `dist/web` unless a test says otherwise. */
  root?: string;
}

export interface WebApp {
  /** Before the API routes: the CSP header, and browsers asking /graphql for a page sent to GraphiQL. */
  before: Router;
  /** After every other route: assets, GraphiQL, the app for other pages, JSON 404s. */
  after: Router;
}

export function createWebApp({ graphiql, root = WEB_APP_ROOT }: WebAppOptions): WebApp {
  const before = express.Router();
  before.use((_request, response, next) => {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    next();
  });
  before.get('/graphql', (request, response, next) => {
    if (graphiql && wantsPage(request)) response.redirect(302, '/graphiql');
    else next();
  });
  // Apollo answers every path under /graphql: only /graphql itself is the API.
  before.use('/graphql', (request, response, next) => (request.path === '/' ? next() : notFound(request, response)));

  const after = express.Router();
  after.use('/assets', express.static(path.join(root, 'assets'), { immutable: true, maxAge: HASHED_ASSET_MAX_AGE, index: false, fallthrough: true }));
  const appPage = page(root, 'index.html');
  const graphiqlPage = page(root, 'graphiql.html');
  after.get('/graphiql', (request, response) => {
    if (graphiql) graphiqlPage(response);
    else sendNotFound(response, 'GraphiQL is off on this server, as introspection is (INTROSPECTION=false).');
  });
  after.use((request: Request, response: Response) => {
    if (API_PATHS.test(request.path) || (request.method !== 'GET' && request.method !== 'HEAD') || !wantsPage(request)) notFound(request, response);
    else appPage(response);
  });
  return { before, after };
}

/** The API's error shape and code, for a path that serves nothing. */
function notFound(request: Request, response: Response): void {
  sendNotFound(response, `Nothing is served at ${request.method} ${request.originalUrl.split('?')[0]}.`);
}

function sendNotFound(response: Response, message: string): void {
  response.status(404).json({ errors: [{ message, extensions: { code: 'NOT_FOUND' } }] });
}

/** A browser navigating, not a script asking for data. */
function wantsPage(request: Request): boolean {
  return request.accepts(['application/json', 'text/html']) === 'text/html' && (request.headers.accept ?? '').includes('text/html');
}

/** Sends one built HTML page, read at each request (it is small) so a rebuild is served at once. */
function page(root: string, name: string) {
  const file = path.join(root, name);
  return (response: Response) => {
    readFile(file, 'utf8').then(
      (html) => {
        response.setHeader('Cache-Control', 'no-cache');
        response.type('html').send(html);
      },
      () => {
        response
          .status(503)
          .json({ errors: [{ message: `The web app is not built: run \`npm run build\` (${name} is missing).`, extensions: { code: 'UNAVAILABLE' } }] });
      },
    );
  };
}
