/**
 * Open-loop load
 *
 * Sends requests at a fixed arrival rate whatever the server does, and times each one from the
 * moment it was due to be sent, not from when it was actually sent: a server that stalls cannot
 * slow the generator down and hide its queue (no coordinated omission, as in wrk2). A request
 * still unanswered when the drain deadline passes counts as a TIMEOUT at its age by then.
 */

export interface Outcome {
  /** null when the request succeeded, otherwise an error code (`extensions.code`, `HTTP_503`, `ECONNRESET`...). */
  code: string | null;
}

export interface Sample {
  operation: string;
  /** From the request's intended send time to its answer, in ms. */
  latencyMs: number;
  code: string | null;
}

export interface OpenLoopOptions {
  /** Requests a second. */
  rate: number;
  durationMs: number;
  /** The operation of the i-th request. */
  pick: (index: number) => string;
  send: (operation: string, index: number) => Promise<Outcome>;
  /** How long to wait for stragglers after the last request was due. */
  drainMs?: number;
}

export interface OpenLoopResult {
  samples: Sample[];
  /** Requests due in the run (all of them were sent). */
  sent: number;
  /** From the first request's due time to the last answer (or the drain deadline). */
  elapsedMs: number;
  /** The most any request was sent after its due time: large values mean the generator itself fell behind. */
  maxSendLagMs: number;
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const interval = 1000 / options.rate;
  const total = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const samples: Sample[] = [];
  const pending = new Map<number, { operation: string; due: number }>();
  const start = performance.now();
  let next = 0;
  let maxSendLagMs = 0;
  let settled!: () => void;
  const allAnswered = new Promise<void>((resolve) => (settled = resolve));

  const fire = (index: number, due: number) => {
    const operation = options.pick(index);
    pending.set(index, { operation, due });
    let outcome: Promise<Outcome>;
    try {
      outcome = options.send(operation, index);
    } catch (error) {
      outcome = Promise.resolve({ code: codeOf(error) });
    }
    outcome.then(
      (result) => finish(index, result.code),
      (error: unknown) => finish(index, codeOf(error)),
    );
  };
  const finish = (index: number, code: string | null) => {
    const request = pending.get(index);
    if (!request) return; // Already counted as a timeout.
    pending.delete(index);
    samples.push({ operation: request.operation, latencyMs: performance.now() - request.due, code });
    if (next >= total && pending.size === 0) settled();
  };

  // Each tick sends every request now due; timers fire late under load, so due times are computed, never taken from the clock.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        const due = start + next * interval;
        maxSendLagMs = Math.max(maxSendLagMs, now - due);
        fire(next++, due);
      }
      if (next >= total) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, Math.min(interval, start + next * interval - performance.now())));
    };
    tick();
  });
  if (pending.size === 0) settled();

  const drainMs = options.drainMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    allAnswered,
    new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, start + (total - 1) * interval + drainMs - performance.now())))),
  ]);
  clearTimeout(timer);
  const end = performance.now();
  for (const [index, request] of pending) {
    samples.push({ operation: request.operation, latencyMs: end - request.due, code: 'TIMEOUT' });
    pending.delete(index);
  }
  return { samples, sent: total, elapsedMs: end - start, maxSendLagMs };
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'CLIENT_ERROR';
}
