/**
 * CPU and memory of the processes under test (the API, Neo4j, Redis), read from /proc: CPU as a
 * percentage of one core over an interval (200% is both cores of this machine), memory as RSS, each
 * summed over the process and its descendants (an API running several worker processes).
 */
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuMark {
  pid: number;
  /** CPU ticks so far of the process and each of its descendants (an API's worker processes), by pid. */
  ticks: Map<number, number>;
  at: number;
}

export interface ProcessUsage {
  cpuPercent: number;
  rssMb: number;
}

export function cpuMark(pid: number): CpuMark | undefined {
  const ticks = new Map<number, number>();
  for (const member of processTree(pid)) {
    const stat = readStat(member);
    // utime and stime, the 14th and 15th fields.
    if (stat) ticks.set(member, Number(stat[11]) + Number(stat[12]));
  }
  return ticks.has(pid) ? { pid, ticks, at: performance.now() } : undefined;
}

/** CPU over the interval of the process and its descendants (those alive at both ends), and their memory now. */
export function usageSince(mark: CpuMark | undefined): ProcessUsage | undefined {
  if (!mark) return undefined;
  const now = cpuMark(mark.pid);
  if (!now) return undefined;
  const seconds = (now.at - mark.at) / 1000;
  let ticks = 0;
  for (const [member, before] of mark.ticks) {
    const after = now.ticks.get(member);
    if (after !== undefined) ticks += after - before;
  }
  const rss = [...now.ticks.keys()].reduce((sum, member) => sum + rssMb(member), 0);
  return { cpuPercent: (ticks / CLOCK_TICKS_PER_SECOND / seconds) * 100, rssMb: rss };
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces, inside parentheses). */
function readStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone
  }
}

/** `pid` and its descendants. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(readStat(Number(entry))?.[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) tree.push(...(children.get(tree[index]!) ?? []));
  return tree;
}

function rssMb(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 0; // gone
  }
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

/** The pid of a process whose command line contains every one of `parts` (the first found). */
export function findProcess(parts: string[]): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (parts.every((part) => command.includes(part))) return Number(entry);
    } catch {
      // Gone already.
    }
  }
  return undefined;
}
