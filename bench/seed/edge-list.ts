/**
 * Edge lists
 *
 * Reads a real graph for `npm run seed -- --edges FILE`: one edge a line as two vertex numbers
 * (`A B`, blank lines and `#` or `%` comments skipped), as the Network Data Repository and SNAP
 * publish them. Undirected by default (a friendship is a follow each way, as in Reed98); `directed`
 * reads `A B` as A follows B. Vertices are ranked by follower count, most followed first, so user
 * `u0` is the most followed as in a generated graph.
 */
import { readFileSync } from 'node:fs';

export function readEdgeList(file: string, directed: boolean): number[][] {
  const followees = new Map<string, Set<string>>();
  const vertex = (name: string) => {
    let set = followees.get(name);
    if (!set) followees.set(name, (set = new Set()));
    return set;
  };
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, number) => {
    const text = line.trim();
    if (text === '' || text.startsWith('#') || text.startsWith('%')) return;
    const [from = '', to = ''] = text.split(/[\s,]+/);
    if (!/^\d+$/.test(from) || !/^\d+$/.test(to)) {
      throw new Error(`${file} line ${number + 1}: expected two vertex numbers, found "${text.slice(0, 60)}".`);
    }
    if (from === to) return;
    vertex(from).add(to);
    if (directed) vertex(to);
    else vertex(to).add(from);
  });
  const followerCounts = new Map<string, number>();
  for (const [name, set] of followees) {
    followerCounts.set(name, followerCounts.get(name) ?? 0);
    for (const followee of set) followerCounts.set(followee, (followerCounts.get(followee) ?? 0) + 1);
  }
  const ranked = [...followees.keys()].sort((a, b) => followerCounts.get(b)! - followerCounts.get(a)! || Number(a) - Number(b));
  const rankOf = new Map(ranked.map((name, rank) => [name, rank]));
  return ranked.map((name) => [...followees.get(name)!].map((followee) => rankOf.get(followee)!));
}
