/** "3m", "2h", "Nov 3": short like a timeline, the full date on hover (title) and for screen readers. */
import { useEffect, useState } from 'react';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  const date = new Date(iso);
  const full = date.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
  return (
    <time dateTime={iso} title={full}>
      {shortAge(now - date.getTime(), date)}
    </time>
  );
}

function shortAge(ms: number, date: Date): string {
  if (ms < MINUTE) return `${Math.max(0, Math.floor(ms / 1000))}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', ...(ms > 300 * DAY ? { year: 'numeric' } : {}) });
}

/** The time now, refreshed every half minute so ages move on. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
