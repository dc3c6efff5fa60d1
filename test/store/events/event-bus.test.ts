/**
 * The event bus contract, held by both implementations.
 */
import type { EventBus, LiveChannel } from '../../../src/domain/live/event-bus';
import { EVENT_BUS_FACTORIES } from '../../support/event-buses';
import { untilPasses } from '../../support/eventually';
import { required } from '../../support/required';

/** A channel for these tests: the kind does not matter to the bus, only that names differ. */
function channel(id: string): LiveChannel {
  return { kind: 'home', id };
}

/** Collects what a listener hears. */
function recorder() {
  const heard: string[] = [];
  return { heard, listener: (message: string) => void heard.push(message) };
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
    await factory.cleanUp();
  });

  it('delivers a message to every listener of each channel it names, and to no other', async () => {
    const events = bus();
    const [a1, a2, b, c] = [recorder(), recorder(), recorder(), recorder()];
    await events.subscribe(channel('a'), a1.listener);
    await events.subscribe(channel('a'), a2.listener);
    await events.subscribe(channel('b'), b.listener);
    await events.subscribe(channel('c'), c.listener);
    await events.publish([channel('a'), channel('b')], 'hello');
    await untilPasses(() => {
      expect(a1.heard).toEqual(['hello']);
      expect(a2.heard).toEqual(['hello']);
      expect(b.heard).toEqual(['hello']);
    });
    // A marker published after it arrives on 'c' alone: 'hello' never will.
    await events.publish([channel('c')], 'marker');
    await untilPasses(() => expect(c.heard).toEqual(['marker']));
  });

  it('keeps channels of different kinds about one id apart', async () => {
    const events = bus();
    const [home, author] = [recorder(), recorder()];
    await events.subscribe({ kind: 'home', id: 'same' }, home.listener);
    await events.subscribe({ kind: 'author', id: 'same' }, author.listener);
    await events.publish([{ kind: 'author', id: 'same' }], 'to the author');
    await events.publish([{ kind: 'home', id: 'same' }], 'to home');
    await untilPasses(() => expect(home.heard).toEqual(['to home']));
    expect(author.heard).toEqual(['to the author']);
  });

  it('keeps the order of messages on a channel', async () => {
    const events = bus();
    const { heard, listener } = recorder();
    await events.subscribe(channel('ordered'), listener);
    const sent = Array.from({ length: 50 }, (_, index) => `m${index}`);
    for (const message of sent) await events.publish([channel('ordered')], message);
    await untilPasses(() => expect(heard).toEqual(sent));
  });

  it('stops delivering to a listener that unsubscribed, but not to the others of its channel', async () => {
    const events = bus();
    const [gone, staying] = [recorder(), recorder()];
    const unsubscribe = await events.subscribe(channel('ch'), gone.listener);
    await events.subscribe(channel('ch'), staying.listener);
    // The same listener on another channel hears a marker published after 'after', and only that.
    await events.subscribe(channel('marker'), gone.listener);
    await unsubscribe();
    await events.publish([channel('ch')], 'after');
    await events.publish([channel('marker')], 'marker');
    await untilPasses(() => expect(staying.heard).toEqual(['after']));
    await untilPasses(() => expect(gone.heard).toEqual(['marker']));
  });

  it('subscribes a channel again after its last listener left', async () => {
    const events = bus();
    const first = recorder();
    await (
      await events.subscribe(channel('again'), first.listener)
    )();
    const second = recorder();
    await events.subscribe(channel('again'), second.listener);
    await events.publish([channel('again')], 'back');
    await untilPasses(() => expect(second.heard).toEqual(['back']));
    expect(first.heard).toEqual([]);
  });

  it('carries messages between buses, as between two server instances', async () => {
    const [publisher, subscriber] = [bus(), bus()];
    const { heard, listener } = recorder();
    await subscriber.subscribe(channel('shared'), listener);
    await publisher.publish([channel('shared')], 'across');
    await untilPasses(() => expect(heard).toEqual(['across']));
  });

  it('delivers exactly once to every listener of two instances, on channels of one of them and on channels both listen to', async () => {
    const [one, two, third] = [bus(), bus(), bus()];
    const [onOne, onTwo, sharedOnOne, sharedOnTwo] = [recorder(), recorder(), recorder(), recorder()];
    await one.subscribe(channel('one'), onOne.listener);
    await two.subscribe(channel('two'), onTwo.listener);
    await one.subscribe(channel('shared'), sharedOnOne.listener);
    await two.subscribe(channel('shared'), sharedOnTwo.listener);
    // From each instance (to its own listeners and the other's) and from one that listens to nothing.
    const publishers = [one, two, third];
    for (const [index, publisher] of publishers.entries()) await publisher.publish([channel('one'), channel('two'), channel('shared')], `from ${index}`);
    // A marker published after them all on every channel: a duplicate would have arrived before it.
    await third.publish([channel('one'), channel('two'), channel('shared')], 'marker');
    const expected = [...publishers.map((_, index) => `from ${index}`), 'marker'];
    await untilPasses(() => {
      for (const { heard } of [onOne, onTwo, sharedOnOne, sharedOnTwo]) expect([...heard].sort()).toEqual(expected);
    });
  });

  it('publishes to thousands of channels at once', async () => {
    const events = bus();
    const channels = Array.from({ length: 2_500 }, (_, index) => channel(`many:${index}`));
    const { heard, listener } = recorder();
    await events.subscribe(required(channels[0], 'the first channel'), listener);
    await events.subscribe(required(channels.at(-1), 'the last channel'), listener);
    await events.publish(channels, 'wide');
    await untilPasses(() => expect(heard).toEqual(['wide', 'wide']));
  });

  it('keeps delivering to others when one listener throws', async () => {
    const events = bus();
    const { heard, listener } = recorder();
    await events.subscribe(channel('faulty'), () => {
      throw new Error('listener bug');
    });
    await events.subscribe(channel('faulty'), listener);
    await events.publish([channel('faulty')], 'still');
    await untilPasses(() => expect(heard).toEqual(['still']));
  });
});
