/**
 * The address the rate limits count a request under: an IPv6 client by its /64, which one
 * subscriber holds whole, an IPv4 client (mapped into IPv6 or not) by its address.
 */
import { limitedAddress } from '../../src/http/client-address';
import { startTestServer, type TestServer } from '../support/test-server';
import { PASSWORD, uniqueHandle } from '../support/users';

const SIGN_UP = 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token } }';

it('counts an IPv6 client by its /64, however the address is written', () => {
  expect(limitedAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
  expect(limitedAddress('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::/64');
  expect(limitedAddress('2001:0db8:0001:0002:abcd::1')).toBe('2001:db8:1:2::/64');
  expect(limitedAddress('2001:db8::1')).toBe('2001:db8::/64');
  expect(limitedAddress('fe80::1%eth0')).toBe('fe80::/64');
  expect(limitedAddress('::1')).toBe('::/64');
  expect(limitedAddress('64:ff9b::192.0.2.1')).toBe('64:ff9b::/64');
});

it('counts an IPv4 client by its address, written as IPv4-mapped IPv6 or not', () => {
  expect(limitedAddress('192.0.2.1')).toBe('192.0.2.1');
  expect(limitedAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
  expect(limitedAddress('::ffff:c000:201')).toBe('192.0.2.1');
  expect(limitedAddress('0:0:0:0:0:ffff:192.0.2.1')).toBe('192.0.2.1');
});

it('leaves an unknown address unknown', () => {
  expect(limitedAddress(undefined)).toBeUndefined();
});

describe('behind a trusted proxy', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ RATE_LIMITS: 'on', RATE_LIMIT_SIGNUPS_PER_ADDRESS: '2/1h', TRUST_PROXY: 'loopback' })));
  afterAll(() => server.stop());

  const signUpFrom = async (address: string) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: SIGN_UP, variables: { input: { handle: uniqueHandle('cidr'), password: PASSWORD } } }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return body.errors?.map((error) => error.extensions?.code) ?? [];
  };

  it('counts the addresses of one IPv6 /64 as one client, and another /64 apart', async () => {
    expect(await signUpFrom('2001:db8:5:6::1')).toEqual([]);
    expect(await signUpFrom('2001:db8:5:6:ffff::2')).toEqual([]);
    expect(await signUpFrom('2001:db8:5:6::3')).toEqual(['RATE_LIMITED']);
    expect(await signUpFrom('2001:db8:5:7::1')).toEqual([]);
  });

  it('counts an IPv4 client as itself, written as IPv4-mapped IPv6 or not', async () => {
    expect(await signUpFrom('198.51.100.7')).toEqual([]);
    expect(await signUpFrom('::ffff:198.51.100.7')).toEqual([]);
    expect(await signUpFrom('198.51.100.7')).toEqual(['RATE_LIMITED']);
    expect(await signUpFrom('198.51.100.8')).toEqual([]);
  });
});
