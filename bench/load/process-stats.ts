/**
 * CPU and memory of the processes under test (the API, Neo4j, Redis), read from /proc: CPU as a
 * percentage of one core over an interval (200% is both cores of this machine), memory as RSS.
 */
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuMark {
  pid: number;
  ticks: number;
  at: number;
}

export interface ProcessUsage {
  cpuPercent: number;
  rssMb: number;
}

export function cpuMark(pid: number): CpuMark | undefined {
  try {
    // Fields after the command name (which may hold spaces, inside parentheses): utime is the 14th field, stime the 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ticks: Number(fields[11]) + Number(fields[12]), at: performance.now() };
  } catch {
    return undefined;
  }
}

export function usageSince(mark: CpuMark | undefined): ProcessUsage | undefined {
  if (!mark) return undefined;
  const now = cpuMark(mark.pid);
  if (!now) return undefined;
  const seconds = (now.at - mark.at) / 1000;
  return { cpuPercent: ((now.ticks - mark.ticks) / CLOCK_TICKS_PER_SECOND / seconds) * 100, rssMb: rssMb(mark.pid) };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
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
