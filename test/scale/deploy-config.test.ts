/**
 * docker-compose.yml runs what the load-balancer test runs: its HAProxy configuration is the
 * test's, with the compose services' addresses, and its two API replicas sit behind it. Its Redis,
 * like CI's, is set up as the tests' own (the listpack limit of compact timelines).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from '../../src/project-root';
import { LISTPACK_LIMIT_SETTING, RECOMMENDED_LISTPACK_LIMIT } from '../../src/store/feeds/listpack-limit';
import { haproxyConfig } from '../../bench/support/haproxy';

const read = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

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
  expect(compose).toContain('REDIS_URL: redis://redis:6379');
  expect(compose).toContain('TRUST_PROXY: "1"');
});

it("starts Redis with the listpack limit compact timelines need, as CI's and the tests' Redis", () => {
  expect(read('docker-compose.yml')).toContain(`"--${LISTPACK_LIMIT_SETTING}", "${RECOMMENDED_LISTPACK_LIMIT}"`);
  const ci = read('.ci/run');
  expect(ci).toContain(`--${LISTPACK_LIMIT_SETTING} ${RECOMMENDED_LISTPACK_LIMIT}`);
  expect(ci).toContain(`config set ${LISTPACK_LIMIT_SETTING} ${RECOMMENDED_LISTPACK_LIMIT}`);
});
