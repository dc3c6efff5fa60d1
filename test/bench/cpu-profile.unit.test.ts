import { lastSeconds, nodeCategories, parseCpuProfile, selfTimes, summariseProfiles, urlCategory, type CpuProfile } from '../../bench/profile/cpu-profile';
import { chartBars, MERGED_CATEGORY, profileChart } from '../../bench/profile/profile-chart';

const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, url, lineNumber, columnNumber: -1 });

/**
 * A root with idle, the garbage collector, (program), a native called from the event loop, a
 * neo4j-driver-core function with a native child (empty url), and one of our resolvers.
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 5, 7, 8] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('(garbage collector)') },
    { id: 4, callFrame: frame('run', 'file:///app/node_modules/neo4j-driver-core/lib/result.js', 41), children: [6] },
    { id: 5, callFrame: frame('resolve', 'file:///app/dist/src/graphql/resolvers/tweet.js', 9) },
    { id: 6, callFrame: frame('writev') },
    { id: 7, callFrame: frame('(program)') },
    { id: 8, callFrame: frame('runMicrotasks') },
  ],
  startTime: 1000,
  // The samples' times: each lasts until the next (the last until endTime).
  samples: [2, 4, 6, 6, 3, 5, 2, 7, 8],
  timeDeltas: [100, 1000, 2000, 500, 1500, 3000, 250, 400, 600],
  endTime: 1000 + 9350 + 700,
};

describe('CPU profile summary', () => {
  it('charges each sample the time until the next one, and the last the time until the end', () => {
    expect(Object.fromEntries(selfTimes(profile))).toEqual({ 2: 1000 + 400, 4: 2000, 6: 500 + 1500, 3: 3000, 5: 250, 7: 600, 8: 700 });
  });

  it('gives a native its nearest caller with a script, and one with none above it to native (other)', () => {
    const categories = nodeCategories(profile);
    expect(categories.get(6)).toEqual({ name: 'neo4j-driver', kind: 'package' });
    expect(categories.get(8)).toEqual({ name: 'native (other)', kind: 'other' });
    expect(categories.get(5)).toEqual({ name: 'src/graphql', kind: 'ours' });
  });

  it('sums busy time by category, idle left out', () => {
    const summary = summariseProfiles([profile]);
    expect(summary.wallMs).toBe(10.05);
    expect(summary.sampledMs).toBe(9.95);
    expect(summary.idleMs).toBe(1.4);
    expect(summary.busyMs).toBe(8.55);
    expect(summary.categories.map(({ name, ms }) => [name, ms])).toEqual([
      ['neo4j-driver', 4],
      ['(garbage collector)', 3],
      ['native (other)', 0.7],
      ['(program)', 0.6],
      ['src/graphql', 0.25],
    ]);
    expect(summary.categories.reduce((total, category) => total + category.share, 0)).toBeCloseTo(1, 10);
    expect(summary.functions.map(({ functionName, location, ms }) => [functionName, location, ms])).toEqual([
      ['run', 'neo4j-driver-core/lib/result.js:42', 2],
      ['writev', '(native)', 2],
      ['runMicrotasks', '(native)', 0.7],
      ['resolve', 'dist/src/graphql/resolvers/tweet.js:10', 0.25],
    ]);
  });

  it('adds several profiles up', () => {
    const summary = summariseProfiles([profile, profile]);
    expect(summary.busyMs).toBe(17.1);
    expect(summary.profiles).toHaveLength(2);
    expect(summary.categories[0]).toMatchObject({ name: 'neo4j-driver', ms: 8 });
  });

  it.each([
    ['node:internal/streams/writable', 'node: net/stream (sockets)'],
    ['node:internal/stream_base_commons', 'node: net/stream (sockets)'],
    ['node:net', 'node: net/stream (sockets)'],
    ['node:_http_server', 'node: http'],
    ['node:events', 'node: other'],
    ['internal/streams/readable.js', 'node: net/stream (sockets)'],
    ['file:///app/node_modules/neo4j-driver-bolt-connection/lib/bolt/x.js', 'neo4j-driver'],
    ['file:///app/node_modules/@apollo/server/dist/cjs/x.js', '@apollo/server'],
    ['file:///app/node_modules/@apollo/utils.keyvaluecache/dist/x.js', '@apollo/server'],
    ['file:///app/node_modules/router/lib/layer.js', 'express'],
    ['file:///app/node_modules/type-graphql/node_modules/graphql/execution/execute.js', 'graphql'],
    ['/usr/src/app/dist/src/store/graph.js', 'src/store'],
    ['/usr/src/app/dist/src/main.js', 'src (other)'],
    ['/home/me/chirp/src/domain/tweets/tweet.ts', 'src/domain'],
    ['[eval]', 'other scripts'],
  ])('puts %s in %s', (url, name) => {
    expect(urlCategory(url).name).toBe(name);
  });

  it('says what a file that is not a CPU profile lacks', () => {
    expect(() => parseCpuProfile('{ "nodes": [] }', 'a.json')).toThrow(
      'a.json is not a V8 CPU profile (the .cpuprofile that node --cpu-prof writes): it has no `samples`',
    );
    expect(() => parseCpuProfile('nope', 'b.txt')).toThrow('b.txt is not a CPU profile: it is not JSON');
    expect(parseCpuProfile(JSON.stringify(profile), 'c.cpuprofile')).toEqual(profile);
  });

  it('draws a bar a category, the ones under 1 % merged', () => {
    const { categories } = summariseProfiles([profile]);
    const svg = profileChart('Where <it> went', 'busy', categories);
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(categories.length);
    for (const category of categories) expect(svg).toContain(`>${category.name.replace(/</g, '&lt;')}</text>`);
    expect(svg).toContain('Where &lt;it&gt; went');

    const small = [
      { name: 'big', kind: 'package' as const, ms: 98, share: 0.98 },
      { name: 'a', kind: 'package' as const, ms: 1, share: 0.01 - 0.0001 },
      { name: 'b', kind: 'node' as const, ms: 1, share: 0.0001 },
    ];
    expect(chartBars(small).map((bar) => bar.name)).toEqual(['big', MERGED_CATEGORY]);
    expect(chartBars(small.slice(0, 2)).map((bar) => bar.name)).toEqual(['big', 'a']);
  });
});

describe('lastSeconds', () => {
  it("keeps the samples of the profile's last seconds, the first charged from the cut", () => {
    // Samples at 1, 2, 3 and 4 s of a profile that ends at 5 s, each on its own node.
    const profile: CpuProfile = {
      nodes: [1, 2, 3, 4].map((id) => ({ id, callFrame: { functionName: `f${id}`, url: '', lineNumber: 0 } })),
      startTime: 0,
      endTime: 5_000_000,
      samples: [1, 2, 3, 4],
      timeDeltas: [1_000_000, 1_000_000, 1_000_000, 1_000_000],
    };
    const last = lastSeconds(profile, 2.5);
    expect(last.startTime).toBe(2_500_000);
    expect(last.samples).toEqual([3, 4]);
    expect(last.timeDeltas).toEqual([500_000, 1_000_000]);
    expect([...selfTimes(last)]).toEqual([
      [3, 1_000_000],
      [4, 1_000_000],
    ]);
    expect(lastSeconds(profile, 10)).toBe(profile);
  });
});
