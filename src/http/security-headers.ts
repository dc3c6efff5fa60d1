/**
 * Security headers
 *
 * helmet's headers on every response: `nosniff`, frames denied, no referrer, cross-origin
 * isolation of windows and resources. Not the Content-Security-Policy, which the web app sets for
 * its own pages (src/http/web-app.ts), and not HSTS: this server speaks plain HTTP, behind a
 * TLS-terminating balancer in production, whose job that header is.
 */
import helmet from 'helmet';

export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
