/**
 * Where a process's CPU went, from the V8 CPU profiles node writes with `--cpu-prof` (`npm run
 * bench -- --profile`, one file an API process): each node of the call tree gets the time of the
 * samples that hit it (its self time), and a category from its script's url: a package in
 * node_modules, a part of Node's own library, a directory of our src, or V8's own work (the
 * garbage collector, `(program)`). Several profiles add up.
 */

export interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based, as V8 counts. */
  lineNumber: number;
  columnNumber?: number;
}

export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  /** Older profiles name the parent instead of listing the children. */
  parent?: number;
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  /** Microseconds, V8's clock. */
  startTime: number;
  endTime: number;
  /** The node hit by each sample. */
  samples: number[];
  /** Microseconds from the previous sample (from startTime for the first) to each sample. */
  timeDeltas: number[];
}

export type CategoryKind = 'engine' | 'node' | 'package' | 'ours' | 'other';

export interface Category {
  name: string;
  kind: CategoryKind;
}

export interface CategoryShare extends Category {
  ms: number;
  /** Of the busy time, 0 to 1. */
  share: number;
}

export interface FunctionShare {
  functionName: string;
  /** `url:line` (1-based), shortened; `(native)` for a function without a script. */
  location: string;
  category: string;
  ms: number;
  share: number;
}

export interface ProfileTotals {
  wallMs: number;
  /** From the first sample to the end: what the samples account for. */
  sampledMs: number;
  idleMs: number;
  /** Sampled minus idle. */
  busyMs: number;
}

export interface ProfileSummary extends ProfileTotals {
  /** One a profile, in the order given. */
  profiles: ProfileTotals[];
  /** Busy time by category, largest first (idle is not among them). */
  categories: CategoryShare[];
  /** The functions with the most self time, largest first; V8's pseudo-frames (`(program)`, the garbage collector) are left to the categories. */
  functions: FunctionShare[];
}

export const IDLE = '(idle)';
export const GARBAGE_COLLECTOR = '(garbage collector)';
export const PROGRAM = '(program)';
/** Natives (empty url) with no ancestor that has a script. */
export const NATIVE_OTHER = 'native (other)';

/** V8's pseudo-frames: no script, and their time is V8's own (or nobody's, for idle). */
const ENGINE_FRAMES: ReadonlySet<string> = new Set([IDLE, GARBAGE_COLLECTOR, PROGRAM, '(root)']);

/**
 * Packages charged to another: the driver's own parts to neo4j-driver, and express's own
 * dependencies (its router, body parsing, sending, error pages) to express. content-type and
 * negotiator stay apart: @apollo/server calls them on every request too.
 */
const PACKAGE_GROUPS: Readonly<Record<string, string>> = {
  'neo4j-driver-core': 'neo4j-driver',
  'neo4j-driver-bolt-connection': 'neo4j-driver',
  ...Object.fromEntries(
    [
      'router',
      'body-parser',
      'raw-body',
      'iconv-lite',
      'send',
      'serve-static',
      'finalhandler',
      'type-is',
      'accepts',
      'on-finished',
      'parseurl',
      'fresh',
      'etag',
      'range-parser',
      'http-errors',
      'statuses',
      'encodeurl',
      'escape-html',
      'vary',
      'content-disposition',
      'cookie',
      'cookie-signature',
      'merge-descriptors',
      'mime-types',
      'mime-db',
      'qs',
      'depd',
      'once',
    ].map((name) => [name, 'express']),
  ),
};

/** Scopes charged as one package: Apollo's helper packages (`@apollo/utils.*`, ...) to @apollo/server, the GraphQL Armor plugins to one name. */
const SCOPE_GROUPS: Readonly<Record<string, string>> = { '@apollo': '@apollo/server', '@escape.tech': '@escape.tech/graphql-armor' };

/** Node's modules that move bytes over sockets (first segment, `internal/` dropped). */
const SOCKET_MODULES: ReadonlySet<string> = new Set([
  'net',
  'stream',
  'streams',
  'stream_base_commons',
  'tls',
  '_tls_wrap',
  '_tls_common',
  'js_stream_socket',
  'dgram',
  'socket_list',
]);

/** Parses a profile's text; the error says what `source` (a file name) was missing to be one. */
export function parseCpuProfile(text: string, source: string): CpuProfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not a CPU profile: it is not JSON (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
  }
  const profile = value as Partial<CpuProfile> | null;
  const problem =
    typeof profile !== 'object' || profile === null || Array.isArray(profile)
      ? 'it is not a JSON object'
      : !Array.isArray(profile.nodes) || !profile.nodes.every((node) => typeof node.id === 'number' && typeof node.callFrame === 'object')
        ? 'it has no `nodes` with an id and a callFrame each'
        : !Array.isArray(profile.samples) || !Array.isArray(profile.timeDeltas)
          ? 'it has no `samples` and `timeDeltas`'
          : profile.samples.length !== profile.timeDeltas.length
            ? `it has ${profile.samples.length} samples but ${profile.timeDeltas.length} timeDeltas`
            : typeof profile.startTime !== 'number' || typeof profile.endTime !== 'number'
              ? 'it has no `startTime` and `endTime`'
              : undefined;
  if (problem) throw new Error(`${source} is not a V8 CPU profile (the .cpuprofile that node --cpu-prof writes): ${problem}.`);
  const complete = profile as CpuProfile;
  const ids = new Set(complete.nodes.map((node) => node.id));
  const unknown = complete.samples.find((id) => !ids.has(id));
  if (unknown !== undefined) throw new Error(`${source} is not a consistent CPU profile: a sample hits node ${unknown}, which it does not list.`);
  return complete;
}

/**
 * The profile's last `seconds` only: a benchmark's load steps come last, after start-up and
 * warm-up, which would otherwise weigh in. The whole profile when it is shorter.
 */
export function lastSeconds(profile: CpuProfile, seconds: number): CpuProfile {
  const cutoff = profile.endTime - seconds * 1_000_000;
  if (cutoff <= profile.startTime) return profile;
  let sampledAt = profile.startTime;
  let first = 0;
  while (first < profile.samples.length && sampledAt + profile.timeDeltas[first]! < cutoff) sampledAt += profile.timeDeltas[first++]!;
  const timeDeltas = profile.timeDeltas.slice(first);
  if (timeDeltas.length > 0) timeDeltas[0] = sampledAt + timeDeltas[0]! - cutoff;
  return { ...profile, startTime: cutoff, samples: profile.samples.slice(first), timeDeltas };
}

/**
 * Microseconds of self time by node id. V8 stamps `timeDeltas[i]` as the time from the previous
 * sample to sample i; a sample stands for what ran from it until the next, so sample i is charged
 * `timeDeltas[i + 1]` and the last one the time until endTime. (A negative delta, which V8 writes
 * now and then for out-of-order samples, counts as none.)
 */
export function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  let sampledAt = profile.startTime;
  for (let index = 0; index < samples.length; index++) {
    sampledAt += timeDeltas[index]!;
    const duration = index + 1 < samples.length ? timeDeltas[index + 1]! : profile.endTime - sampledAt;
    const id = samples[index]!;
    times.set(id, (times.get(id) ?? 0) + Math.max(0, duration));
  }
  return times;
}

/** The category a frame's own url (or, for V8's pseudo-frames, its name) gives; undefined for a native function (no url), which takes its caller's. */
export function frameCategory(frame: CallFrame): Category | undefined {
  if (frame.url === '') {
    if (frame.functionName === '(root)') return { name: PROGRAM, kind: 'engine' };
    return ENGINE_FRAMES.has(frame.functionName) ? { name: frame.functionName, kind: 'engine' } : undefined;
  }
  return urlCategory(frame.url);
}

export function urlCategory(url: string): Category {
  // The last node_modules/ in the path: a nested copy is still the package that holds the file.
  const installed = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (installed) {
    const scope = installed.startsWith('@') ? installed.slice(0, installed.indexOf('/')) : undefined;
    return { name: PACKAGE_GROUPS[installed] ?? (scope && SCOPE_GROUPS[scope]) ?? installed, kind: 'package' };
  }
  const nodeModule = nodeModuleName(url);
  if (nodeModule !== undefined) {
    const first = nodeModule.replace(/^internal\//, '').split('/')[0]!;
    const group = SOCKET_MODULES.has(first) ? 'net/stream (sockets)' : first.startsWith('_http_') || /^https?2?$/.test(first) ? 'http' : 'other';
    return { name: `node: ${group}`, kind: 'node' };
  }
  // Built code runs from dist/src; a root that itself has a src/ in its path is skipped by taking the last.
  const sourceAt = url.includes('/dist/src/') ? url.lastIndexOf('/dist/src/') + '/dist'.length : url.lastIndexOf('/src/');
  if (sourceAt >= 0) {
    const within = url.slice(sourceAt + '/src/'.length).split('/');
    return { name: within.length > 1 ? `src/${within[0]!}` : 'src (other)', kind: 'ours' };
  }
  return { name: 'other scripts', kind: 'other' };
}

/** Node's module for a url of its own library: `node:internal/streams/writable` and, before Node 16, `internal/streams/writable.js` or `net.js`. */
function nodeModuleName(url: string): string | undefined {
  if (url.startsWith('node:')) return url.slice('node:'.length);
  if (/^internal\/[\w/]+\.js$/.test(url) || /^\w+\.js$/.test(url)) return url.slice(0, -'.js'.length);
  return undefined;
}

/** Each node's category: a native function (no url) takes that of its nearest caller with a script, so `writev` counts as sockets and a JSON.stringify as whoever called it. */
export function nodeCategories(profile: CpuProfile): Map<number, Category> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    if (node.parent !== undefined) parents.set(node.id, node.parent);
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const categories = new Map<number, Category>();
  const categoryOf = (id: number): Category => {
    const known = categories.get(id);
    if (known) return known;
    const node = byId.get(id);
    const own = node && frameCategory(node.callFrame);
    const parent = parents.get(id);
    const category = own ?? (parent === undefined ? nativeOther : inherited(parent));
    categories.set(id, category);
    return category;
  };
  // A native called with no script above it (from the event loop straight into C++: the root is V8's) is nobody's.
  const inherited = (parent: number): Category => {
    const category = categoryOf(parent);
    return category.kind === 'engine' ? nativeOther : category;
  };
  for (const node of profile.nodes) categoryOf(node.id);
  return categories;
}

const nativeOther: Category = { name: NATIVE_OTHER, kind: 'other' };

/** Sums the profiles: busy time by category, and the `topFunctions` functions with the most self time. */
export function summariseProfiles(profiles: readonly CpuProfile[], topFunctions = 15): ProfileSummary {
  const byCategory = new Map<string, { category: Category; us: number }>();
  const byFunction = new Map<string, { functionName: string; location: string; category: string; us: number }>();
  const totals: ProfileTotals[] = [];
  for (const profile of profiles) {
    const categories = nodeCategories(profile);
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    let sampledUs = 0;
    let idleUs = 0;
    for (const [id, us] of selfTimes(profile)) {
      const category = categories.get(id)!;
      const frame = byId.get(id)!.callFrame;
      sampledUs += us;
      if (category.name === IDLE) {
        idleUs += us;
        continue;
      }
      const entry = byCategory.get(category.name) ?? byCategory.set(category.name, { category, us: 0 }).get(category.name)!;
      entry.us += us;
      if (category.kind === 'engine') continue;
      const key = [frame.functionName, frame.url, frame.lineNumber, frame.columnNumber].join('\0');
      const location = frame.url === '' ? '(native)' : `${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
      const functionEntry =
        byFunction.get(key) ?? byFunction.set(key, { functionName: frame.functionName || '(anonymous)', location, category: category.name, us: 0 }).get(key)!;
      functionEntry.us += us;
    }
    totals.push({
      wallMs: (profile.endTime - profile.startTime) / 1000,
      sampledMs: sampledUs / 1000,
      idleMs: idleUs / 1000,
      busyMs: (sampledUs - idleUs) / 1000,
    });
  }
  const sum = (key: keyof ProfileTotals) => totals.reduce((total, profile) => total + profile[key], 0);
  const busyMs = sum('busyMs');
  const share = (ms: number) => (busyMs > 0 ? ms / busyMs : 0);
  return {
    wallMs: sum('wallMs'),
    sampledMs: sum('sampledMs'),
    idleMs: sum('idleMs'),
    busyMs,
    profiles: totals,
    categories: [...byCategory.values()]
      .map(({ category, us }) => ({ ...category, ms: us / 1000, share: share(us / 1000) }))
      .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name)),
    functions: [...byFunction.values()]
      .map(({ us, ...rest }) => ({ ...rest, ms: us / 1000, share: share(us / 1000) }))
      .sort((a, b) => b.ms - a.ms || a.functionName.localeCompare(b.functionName))
      .slice(0, topFunctions),
  };
}

/** A url as a reader finds the file: from the package (`graphql/execution/execute.js`), from the checkout (`dist/src/...`), or as Node names it. */
function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const installedAt = path.lastIndexOf('node_modules/');
  if (installedAt >= 0) return path.slice(installedAt + 'node_modules/'.length);
  const builtAt = path.lastIndexOf('/dist/');
  if (builtAt >= 0) return path.slice(builtAt + 1);
  const sourceAt = path.lastIndexOf('/src/');
  return sourceAt >= 0 ? path.slice(sourceAt + 1) : path;
}
