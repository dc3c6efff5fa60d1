/**
 * The event bus contract, held by both implementations.
 */
import type { EventBus } from '../../../src/store/events/event-bus';
import { EVENT_BUS_FACTORIES } from '../../support/event-buses';

/** Collects what a listener hears. */
function recorder() {
  const heard: string[] = [];
  return { heard, listener: (message: string) => void heard.push(message) };
}

/** Long enough for a message to cross Redis on loopback; used only to show that nothing arrives. */
const QUIET_MS = 150;

async function eventually(check: () => void, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe.each(EVENT_BUS_FACTORIES.map((factory) => [factory().name, factory] as const))('%s event bus', (_name, makeFactory) => {
  let factory: ReturnType<typeof makeFactory>;
  let buses: EventBus[];
  const bus = () => {
    const created = factory.create();
    buses.push(created);
    return created;
  };
  beforeEach(() => {
    factory = makeFactory();
    buses = [];
  });
  afterEach(async () => {
    await Promise.all([...new Set(buses)].map((created) => created.close()));
  });

  it('delivers a message to every listener of each channel it names, and to no other', async () => {
    const events = bus();
    const [a1, a2, b, c] = [recorder(), recorder(), recorder(), recorder()];
    await events.subscribe('a', a1.listener);
    await events.subscribe('a', a2.listener);
    await events.subscribe('b', b.listener);
    await events.subscribe('c', c.listener);
    await events.publish(['a', 'b'], 'hello');
    await eventually(() => {
      expect(a1.heard).toEqual(['hello']);
      expect(a2.heard).toEqual(['hello']);
      expect(b.heard).toEqual(['hello']);
    });
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    expect(c.heard).toEqual([]);
  });

  it('keeps the order of messages on a channel', async () => {
    const events = bus();
    const { heard, listener } = recorder();
    await events.subscribe('ordered', listener);
    const sent = Array.from({ length: 50 }, (_, index) => `m${index}`);
    for (const message of sent) await events.publish(['ordered'], message);
    await eventually(() => expect(heard).toEqual(sent));
  });

  it('stops delivering to a listener that unsubscribed, but not to the others of its channel', async () => {
    const events = bus();
    const [gone, staying] = [recorder(), recorder()];
    const unsubscribe = await events.subscribe('ch', gone.listener);
    await events.subscribe('ch', staying.listener);
    await unsubscribe();
    await events.publish(['ch'], 'after');
    await eventually(() => expect(staying.heard).toEqual(['after']));
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    expect(gone.heard).toEqual([]);
  });

  it('subscribes a channel again after its last listener left', async () => {
    const events = bus();
    const first = recorder();
    await (await events.subscribe('again', first.listener))();
    const second = recorder();
    await events.subscribe('again', second.listener);
    await events.publish(['again'], 'back');
    await eventually(() => expect(second.heard).toEqual(['back']));
    expect(first.heard).toEqual([]);
  });

  it('carries messages between buses, as between two server instances', async () => {
    const [publisher, subscriber] = [bus(), bus()];
    const { heard, listener } = recorder();
    await subscriber.subscribe('shared', listener);
    await publisher.publish(['shared'], 'across');
    await eventually(() => expect(heard).toEqual(['across']));
  });

  it('publishes to thousands of channels at once', async () => {
    const events = bus();
    const channels = Array.from({ length: 2_500 }, (_, index) => `many:${index}`);
    const { heard, listener } = recorder();
    await events.subscribe(channels[0], listener);
    await events.subscribe(channels[channels.length - 1], listener);
    await events.publish(channels, 'wide');
    await eventually(() => expect(heard).toEqual(['wide', 'wide']));
  });

  it('keeps delivering to others when one listener throws', async () => {
    const events = bus();
    const { heard, listener } = recorder();
    await events.subscribe('faulty', () => {
      throw new Error('listener bug');
    });
    await events.subscribe('faulty', listener);
    await events.publish(['faulty'], 'still');
    await eventually(() => expect(heard).toEqual(['still']));
  });
});
