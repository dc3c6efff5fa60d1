/**
 * CPU profile report (`npm run bench:profile -- <file.cpuprofile | directory> [...] [--last S] [--svg out.svg] [--title "..."]`)
 *
 * Reads the V8 CPU profiles that `npm run bench -- --profile` writes (bench-results/profiles/, one
 * a process), adds them up and prints, as Markdown tables the README can show, where the busy CPU
 * time (all but idle) went by category (our code by directory of src, each package, Node's
 * library, the garbage collector) and the functions with the most self time. `--last S` keeps each
 * profile's last S seconds (a benchmark's load steps, without start-up and warm-up). `--svg` also
 * writes a bar chart of the categories.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { lastSeconds, parseCpuProfile, summariseProfiles } from './profile/cpu-profile';
import { formatMs, formatShare, profileChart } from './profile/profile-chart';

const USAGE = 'Usage: npm run bench:profile -- <file.cpuprofile | directory> [...] [--last S] [--svg out.svg] [--title "..."]\n';

function main(): void {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { last: { type: 'string' }, svg: { type: 'string' }, title: { type: 'string' } } });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const files = positionals.flatMap(profileFiles);
  const last = values.last === undefined ? undefined : Number(values.last);
  if (last !== undefined && !(last > 0)) {
    process.stderr.write(`--last takes a number of seconds above 0.\n${USAGE}`);
    process.exit(2);
  }
  const profiles = files.map((file) => parseCpuProfile(readFileSync(file, 'utf8'), file)).map((profile) => (last ? lastSeconds(profile, last) : profile));
  const summary = summariseProfiles(profiles);

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const row = (cells: (string | number)[]) => `| ${cells.map((cell) => String(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
  const busyOfWall = summary.wallMs > 0 ? summary.busyMs / summary.wallMs : 0;
  const description =
    `${files.length} profile${files.length === 1 ? '' : 's'}, ${seconds(summary.wallMs)} of wall time${files.length === 1 ? '' : ' in all'}: ` +
    `${seconds(summary.busyMs)} busy (${formatShare(busyOfWall)} of it), ${seconds(summary.idleMs)} idle.`;
  console.log(`${description}\n`);
  if (profiles.length > 1) {
    // The cluster's primary process only forks and watches: its profile shows here as nearly all idle.
    console.log(row(['profile', 'wall', 'busy', 'busy of wall']));
    console.log(row(['---', '---:', '---:', '---:']));
    summary.profiles.forEach((totals, index) =>
      console.log(
        row([path.basename(files[index]!), seconds(totals.wallMs), seconds(totals.busyMs), formatShare(totals.wallMs > 0 ? totals.busyMs / totals.wallMs : 0)]),
      ),
    );
    console.log();
  }

  console.log(row(['category', 'busy ms', 'share']));
  console.log(row(['---', '---:', '---:']));
  for (const category of summary.categories) console.log(row([category.name, formatMs(category.ms), formatShare(category.share)]));
  console.log(row(['**busy**', `**${formatMs(summary.busyMs)}**`, '**100 %**']));
  console.log(
    '\nneo4j-driver includes neo4j-driver-core and neo4j-driver-bolt-connection; express, its own dependencies (router, body-parser, send, ...); ' +
      "@apollo/server, Apollo's helper packages. A native function (no script) counts for its nearest caller with one.\n",
  );

  console.log(row(['function (self time)', 'category', 'ms', 'share']));
  console.log(row(['---', '---', '---:', '---:']));
  for (const entry of summary.functions)
    console.log(row([`\`${entry.functionName}\` ${entry.location}`, entry.category, formatMs(entry.ms), formatShare(entry.share)]));

  if (values.svg) {
    const title = values.title ?? 'Where the busy CPU time went';
    const subtitle = `share of busy CPU time (${seconds(summary.busyMs)}, ${formatShare(busyOfWall)} of ${seconds(summary.wallMs)} wall, ${files.length} profile${files.length === 1 ? '' : 's'})`;
    writeFileSync(values.svg, profileChart(title, subtitle, summary.categories));
    console.log(`\nChart: ${values.svg}`);
  }
}

/** A file as it is, or the `.cpuprofile` files of a directory. */
function profileFiles(argument: string): string[] {
  if (!statSync(argument, { throwIfNoEntry: false })) throw new Error(`${argument}: no such file or directory.`);
  if (!statSync(argument).isDirectory()) return [argument];
  const files = readdirSync(argument)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .map((name) => path.join(argument, name));
  if (files.length === 0) throw new Error(`${argument} holds no .cpuprofile files: \`npm run bench -- --profile\` writes them to bench-results/profiles/.`);
  return files;
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
