/**
 * An SVG bar chart of where the busy CPU time went: one horizontal bar a category, largest first,
 * coloured by what it is (our code, a package, Node's library, V8's own work); the categories
 * under 1 % each are one bar, so that the chart stays readable.
 */
import { escape } from '../load/chart';
import type { CategoryKind, CategoryShare } from './cpu-profile';

const WIDTH = 900;
const MARGIN = { left: 240, right: 150, top: 62, bottom: 40 };
const BAR_HEIGHT = 20;
const BAR_GAP = 8;
const MERGE_BELOW = 0.01;
export const MERGED_CATEGORY = 'other (<1 % each)';
const COLOURS: Record<CategoryKind, string> = { ours: '#2ca02c', package: '#1f77b4', node: '#7f7f7f', engine: '#ff7f0e', other: '#c7c7c7' };
const LEGEND: [CategoryKind, string][] = [
  ['ours', 'our code'],
  ['package', 'packages'],
  ['node', "Node's library"],
  ['engine', 'V8 (GC, program)'],
  ['other', 'other'],
];

/** The bars: the categories of `MERGE_BELOW` and more, then the rest summed (when two or more). */
export function chartBars(categories: readonly CategoryShare[]): CategoryShare[] {
  const small = categories.filter((category) => category.share < MERGE_BELOW);
  if (small.length < 2) return [...categories];
  const ms = small.reduce((total, category) => total + category.ms, 0);
  const share = small.reduce((total, category) => total + category.share, 0);
  return [...categories.filter((category) => category.share >= MERGE_BELOW), { name: MERGED_CATEGORY, kind: 'other', ms, share }];
}

export function profileChart(title: string, subtitle: string, categories: readonly CategoryShare[]): string {
  const bars = chartBars(categories);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const height = MARGIN.top + bars.length * (BAR_HEIGHT + BAR_GAP) + MARGIN.bottom;
  const maxShare = Math.max(0.01, ...bars.map((bar) => bar.share));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="white"/>`);
  parts.push(`<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escape(title)}</text>`);
  parts.push(`<text x="${WIDTH / 2}" y="42" text-anchor="middle" fill="#666">${escape(subtitle)}</text>`);
  bars.forEach((bar, index) => {
    const y = MARGIN.top + index * (BAR_HEIGHT + BAR_GAP);
    const width = (bar.share / maxShare) * plotWidth;
    parts.push(`<text x="${MARGIN.left - 8}" y="${y + BAR_HEIGHT / 2 + 4}" text-anchor="end">${escape(bar.name)}</text>`);
    parts.push(`<rect class="bar" x="${MARGIN.left}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLOURS[bar.kind]}"/>`);
    parts.push(`<text x="${(MARGIN.left + width + 6).toFixed(1)}" y="${y + BAR_HEIGHT / 2 + 4}">${formatShare(bar.share)} (${formatMs(bar.ms)} ms)</text>`);
  });
  const legendY = height - 14;
  let legendX = MARGIN.left;
  for (const [kind, label] of LEGEND.filter(([kind]) => bars.some((bar) => bar.kind === kind))) {
    parts.push(`<rect x="${legendX}" y="${legendY - 10}" width="12" height="12" fill="${COLOURS[kind]}"/>`);
    parts.push(`<text x="${legendX + 16}" y="${legendY}" fill="#666">${escape(label)}</text>`);
    legendX += 34 + label.length * 6.5;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** A share of 0 to 1 as the report prints it: `12.3 %`. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

export function formatMs(ms: number): string {
  return Math.round(ms).toLocaleString('en-US');
}
