/**
 * The Redis bus's routing by presence, beyond the contract both buses hold (event-bus.test.ts):
 * a publish sends one message to each other instance that listens to any of its channels and none
 * to the others, and presence left behind (a closed bus, a crashed one, a lost SREM) costs at most
 * one wasted message. Instances' inboxes are watched with a raw subscriber of their own.
 */
import type { LiveChannel } from '../../../src/domain/live/event-bus';
import { createLogger } from '../../../src/logger';
import { RedisEventBus, type PresenceTiming } from '../../../src/store/events/redis-event-bus';
import { eventually, untilPasses } from '../../support/eventually';
import { testRedisScope } from '../../support/test-redis';

const logger = createLogger('silent');
/** Fast enough for a test to watch presence being renewed. */
const QUICK: PresenceTiming = { heartbeatMs: 100, ttlMs: 1_000 };

let redis: ReturnType<typeof testRedisScope>;
let buses: RedisEventBus[];

beforeEach(() => {
  redis = testRedisScope();
  buses = [];
});

afterEach(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  await redis.cleanUp();
});

function bus(timing?: PresenceTiming): RedisEventBus {
  const created = new RedisEventBus(redis.connect(), redis.layout, logger, timing);
  buses.push(created);
  return created;
}

function home(id: string): LiveChannel {
  return { kind: 'home', id };
}

function nameOf(channel: LiveChannel): string {
  return redis.layout.liveChannelName(channel);
}

/** Collects what a listener hears. */
function recorder() {
  const heard: string[] = [];
  return { heard, listener: (message: string) => void heard.push(message) };
}

/**
 * The deliveries an instance's inbox carries, read by a subscriber of the test's own.
 * `untilMarker()` publishes a marker on the inbox and answers every delivery once the marker is
 * back: Redis runs commands one at a time, so whatever was published before it has arrived too.
 */
async function watchInbox(instanceId: string) {
  const inbox = redis.layout.liveInbox(instanceId);
  const subscriber = redis.connect();
  const deliveries: { channels: string[]; message: string }[] = [];
  const markers: string[] = [];
  subscriber.on('message', (_channel: string, payload: string) => {
    if (payload.startsWith('marker ')) markers.push(payload);
    else deliveries.push(redis.layout.decodeLiveDelivery(payload));
  });
  await subscriber.subscribe(inbox);
  const command = redis.connect();
  return {
    async untilMarker() {
      const marker = `marker ${markers.length}`;
      await command.publish(inbox, marker);
      await untilPasses(() => expect(markers).toContain(marker));
      return [...deliveries];
    },
  };
}

it('sends one message to each instance listening to any of the channels, naming those, and none to an instance listening to none', async () => {
  const [one, two, publisher] = [bus(), bus(), bus()];
  const [heardOnOne, heardOnTwo] = [recorder(), recorder()];
  await one.subscribe(home('a'), heardOnOne.listener);
  await one.subscribe(home('b'), heardOnOne.listener);
  await two.subscribe(home('c'), heardOnTwo.listener);
  const [inboxOne, inboxTwo] = [await watchInbox(one.instanceId), await watchInbox(two.instanceId)];

  await publisher.publish([home('a'), home('nobody'), home('b')], 'for one');
  await untilPasses(() => expect(heardOnOne.heard).toEqual(['for one', 'for one']));
  expect(await inboxOne.untilMarker()).toEqual([{ channels: [nameOf(home('a')), nameOf(home('b'))], message: 'for one' }]);
  expect(await inboxTwo.untilMarker()).toEqual([]);
  expect(heardOnTwo.heard).toEqual([]);
});

it("delivers to the publishing instance's own listeners without a message through Redis", async () => {
  const [local, other] = [bus(), bus()];
  const [heardHere, heardThere] = [recorder(), recorder()];
  await local.subscribe(home('here'), heardHere.listener);
  await other.subscribe(home('there'), heardThere.listener);
  const [inboxHere, inboxThere] = [await watchInbox(local.instanceId), await watchInbox(other.instanceId)];
  await local.publish([home('here'), home('there')], 'hello');
  await untilPasses(() => expect([heardHere.heard, heardThere.heard]).toEqual([['hello'], ['hello']]));
  expect(await inboxHere.untilMarker()).toEqual([]);
  expect(await inboxThere.untilMarker()).toEqual([{ channels: [nameOf(home('there'))], message: 'hello' }]);
});

it('forgets a closed instance at once: its presence and registration are gone, and publishers send it nothing', async () => {
  const [leaving, publisher] = [bus(), bus()];
  await leaving.subscribe(home('gone'), () => {});
  const command = redis.connect();
  expect(await command.sismember(redis.layout.livePresence(leaving.instanceId), nameOf(home('gone')))).toBe(1);
  const inbox = await watchInbox(leaving.instanceId);
  await leaving.close();
  expect(await command.exists(redis.layout.livePresence(leaving.instanceId))).toBe(0);
  expect(await command.zscore(redis.layout.liveInstances(), leaving.instanceId)).toBeNull();
  await publisher.publish([home('gone')], 'too late');
  expect(await inbox.untilMarker()).toEqual([]);
});

it('keeps presence and registration for a while only, renewed by the heartbeat, so a crashed instance runs out by itself', async () => {
  const instance = bus(QUICK);
  await instance.subscribe(home('ttl'), () => {});
  const command = redis.connect();
  const presence = redis.layout.livePresence(instance.instanceId);
  const ttl = await command.pttl(presence);
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(QUICK.ttlMs);
  const runsOut = Number(await command.zscore(redis.layout.liveInstances(), instance.instanceId));
  expect(runsOut).toBeLessThanOrEqual(Date.now() + QUICK.ttlMs);
  // Renewed: the registration runs out later than it did.
  await eventually(
    async () => Number(await command.zscore(redis.layout.liveInstances(), instance.instanceId)),
    (renewed) => renewed > runsOut,
    { what: 'the heartbeat to renew the registration', timeoutMs: 5_000 },
  );
});

it('sends nothing to an instance whose registration ran out, though its presence set is still there', async () => {
  const publisher = bus();
  const command = redis.connect();
  const crashed = 'crashed-instance';
  await command.zadd(redis.layout.liveInstances(), Date.now() - 1, crashed);
  await command.sadd(redis.layout.livePresence(crashed), nameOf(home('orphan')));
  const inbox = await watchInbox(crashed);
  await publisher.publish([home('orphan')], 'to nobody');
  expect(await inbox.untilMarker()).toEqual([]);
});

it('spends one wasted message on stale presence (a lost SREM), then removes it', async () => {
  const [instance, publisher] = [bus(), bus()];
  await instance.subscribe(home('live'), () => {});
  const command = redis.connect();
  const presence = redis.layout.livePresence(instance.instanceId);
  await command.sadd(presence, nameOf(home('stale')));
  const inbox = await watchInbox(instance.instanceId);

  await publisher.publish([home('stale')], 'wasted');
  expect(await inbox.untilMarker()).toEqual([{ channels: [nameOf(home('stale'))], message: 'wasted' }]);
  await eventually(
    () => command.sismember(presence, nameOf(home('stale'))),
    (member) => member === 0,
    { what: 'the stale channel to leave the presence set', timeoutMs: 5_000 },
  );
  await publisher.publish([home('stale')], 'not sent');
  expect(await inbox.untilMarker()).toEqual([{ channels: [nameOf(home('stale'))], message: 'wasted' }]);
});

it('writes its presence again when Redis lost it, and is heard again', async () => {
  const [instance, publisher] = [bus(QUICK), bus()];
  const { heard, listener } = recorder();
  await instance.subscribe(home('kept'), listener);
  const command = redis.connect();
  const presence = redis.layout.livePresence(instance.instanceId);
  await command.del(presence);
  await eventually(
    () => command.sismember(presence, nameOf(home('kept'))),
    (member) => member === 1,
    { what: 'the heartbeat to write the presence set again', timeoutMs: 5_000 },
  );
  await publisher.publish([home('kept')], 'again');
  await untilPasses(() => expect(heard).toEqual(['again']));
});

it('removes a channel from presence when its last listener leaves, and not before', async () => {
  const instance = bus();
  const command = redis.connect();
  const presence = redis.layout.livePresence(instance.instanceId);
  const [first, second] = [await instance.subscribe(home('pair'), () => {}), await instance.subscribe(home('pair'), () => {})];
  await first();
  expect(await command.sismember(presence, nameOf(home('pair')))).toBe(1);
  await second();
  expect(await command.sismember(presence, nameOf(home('pair')))).toBe(0);
});
