/**
 * docker-compose.yml runs what the load-balancer test runs: its HAProxy configuration is the
 * test's, with the compose services' addresses, and its two API replicas sit behind it. Its Redis,
 * like CI's, is set up as the tests' own (the listpack limit of compact timelines). Only HAProxy
 * is published on the host's interfaces: the databases stay on the compose network (or the host's
 * loopback) and take their passwords from the environment, with no default.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from '../../src/project-root';
import { LISTPACK_LIMIT_SETTING, RECOMMENDED_LISTPACK_LIMIT } from '../../src/store/feeds/listpack-limit';
import { haproxyConfig } from '../../bench/support/haproxy';

const read = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

/** The compose file's services, each as the lines of its block (comments left out). */
function composeServices(compose: string): Record<string, string[]> {
  const services: Record<string, string[]> = {};
  let current: string[] | undefined;
  let inServices = false;
  for (const line of compose.split('\n')) {
    if (/^\s*#/.test(line) || line.trim() === '') continue;
    if (/^\S/.test(line)) inServices = line === 'services:';
    else if (inServices && /^ {2}[\w-]+:/.test(line)) services[line.trim().split(':')[0] ?? ''] = current = [];
    else if (inServices) current?.push(line);
  }
  return services;
}

/** The items of a block's list `key:` (`- item` lines), as written. */
function listUnder(lines: string[], key: string): string[] {
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  if (start === -1) return [];
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s+- (.*)$/.exec(line);
    if (!item) break;
    items.push(item[1] ?? '');
  }
  return items;
}

it('deploys HAProxy with the configuration the load-balancer test uses', () => {
  const deployed = read('deploy/haproxy.cfg')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n');
  expect(deployed).toBe(haproxyConfig('*:4000', ['api1:4000', 'api2:4000']));
});

it('runs two API replicas with Redis behind it, trusting its one proxy hop', () => {
  const compose = read('docker-compose.yml');
  expect(compose).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
  for (const replica of ['api1:', 'api2:']) expect(compose).toContain(`  ${replica}`);
  expect(compose).toMatch(/^ {6}REDIS_URL: redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]+\}@redis:6379$/m);
  expect(compose).toContain('TRUST_PROXY: "1"');
});

it('publishes no database port on an interface other machines reach', () => {
  const published = Object.entries(composeServices(read('docker-compose.yml'))).flatMap(([service, lines]) =>
    listUnder(lines, 'ports').map((port) => ({ service, port })),
  );
  expect(published.filter(({ service }) => service !== 'haproxy').every(({ port }) => /^"127\.0\.0\.1:\d+:\d+"$/.test(port))).toBe(true);
  expect(published).toEqual([
    { service: 'neo4j', port: '"127.0.0.1:7474:7474"' },
    { service: 'neo4j', port: '"127.0.0.1:7687:7687"' },
    { service: 'haproxy', port: '"4000:4000"' },
  ]);
});

it('takes every password and secret from the environment, with no default, and Redis requires its password', () => {
  const compose = read('docker-compose.yml');
  const secrets = [...compose.matchAll(/\$\{(\w*(?:PASSWORD|SECRET)\w*)(:?[-?])?/g)].map(([, name = '', operator = '']) => `${name}${operator}`);
  expect(new Set(secrets)).toEqual(new Set(['JWT_SECRET:?', 'NEO4J_PASSWORD:?', 'REDIS_PASSWORD:?']));
  const services = composeServices(compose);
  expect(services.neo4j?.join('\n')).toMatch(/NEO4J_AUTH: neo4j\/\$\{NEO4J_PASSWORD:\?/);
  expect(services.redis?.join('\n')).toMatch(/"--requirepass", "\$\{REDIS_PASSWORD:\?/);
});

it('has the replicas listen on every interface of their container, where HAProxy reaches them, and introspection off', () => {
  const services = composeServices(read('docker-compose.yml'));
  expect(services.api1).toContain('      HOST: "0.0.0.0"');
  expect(services.api1).toContain('      NODE_ENV: production');
  expect(read('docker-compose.yml')).not.toMatch(/INTROSPECTION:/);
  const dockerfile = read('Dockerfile');
  expect(dockerfile).toMatch(/^ENV NODE_ENV=production HOST=0\.0\.0\.0 PORT=4000$/m);
  expect(dockerfile).not.toMatch(/^ENV .*INTROSPECTION/m);
});

it("starts Redis with the listpack limit compact timelines need, as CI's and the tests' Redis", () => {
  expect(read('docker-compose.yml')).toContain(`"--${LISTPACK_LIMIT_SETTING}", "${RECOMMENDED_LISTPACK_LIMIT}"`);
  const ci = read('.ci/run');
  expect(ci).toContain(`--${LISTPACK_LIMIT_SETTING} ${RECOMMENDED_LISTPACK_LIMIT}`);
  expect(ci).toContain(`config set ${LISTPACK_LIMIT_SETTING} ${RECOMMENDED_LISTPACK_LIMIT}`);
});
