/**
 * Graph
 *
 * The one door to Neo4j: runs named statements from `cypher/` through the driver, each as one
 * transaction retried on transient errors (one round trip), and counts the round trips so tests
 * and logs can see how many a request took, telling a `RoundTripObserver` (the metrics) of each
 * one and how long it took.
 */
import neo4j, { type Driver, type Plan, type RecordShape, type SessionMode } from 'neo4j-driver';

import type { Neo4jConfig } from '../config';
import { ConcurrentlyDeleted, UniquenessViolation } from '../domain/conflicts';
import { serviceUnavailable } from '../domain/errors';
import { CypherStatements, schemaStatements } from './cypher-statements';

export type Parameters = Record<string, unknown>;

/** The first pause before a statement is retried; each next one doubles. */
const RETRY_FIRST_DELAY_MS = 100;

export interface GraphHealth {
  status: 'up' | 'down';
  latencyMs?: number;
  error?: string;
}

/** Told of every statement sent: its name (one of cypher/'s files), how long its answer took, whether it failed. */
export interface RoundTripObserver {
  roundTrip(statement: string, durationMs: number, failed: boolean): void;
}

const NO_ROUND_TRIP_OBSERVER: RoundTripObserver = { roundTrip: () => {} };

export class Graph {
  private sent = 0;

  constructor(
    private readonly driver: Driver,
    private readonly database: string,
    /** How long a read is retried after a failure a retry can mend (the driver's own setting for writes). */
    private readonly retryMs: number,
    private readonly statements: CypherStatements = new CypherStatements(),
    private readonly observer: RoundTripObserver = NO_ROUND_TRIP_OBSERVER,
  ) {}

  static connect(config: Neo4jConfig & { uri: string }, observer?: RoundTripObserver): Graph {
    const driver = neo4j.driver(config.uri, neo4j.auth.basic(config.user, config.password), {
      disableLosslessIntegers: true,
      connectionTimeout: config.connectionTimeoutMs,
      connectionAcquisitionTimeout: 2 * config.connectionTimeoutMs,
      // Transient errors (deadlocks, leader changes, a restart) are retried for this long before failing.
      maxTransactionRetryTime: config.retryMs,
      userAgent: 'chirp',
    });
    return new Graph(driver, config.database, config.retryMs, undefined, observer);
  }

  /** How many statements have been sent to Neo4j so far (each one round trip). */
  get roundTrips(): number {
    return this.sent;
  }

  /**
   * Statements run as auto-commit transactions: RUN and PULL leave in one socket write and the
   * commit comes with the last row, where a managed transaction (executeQuery) sends BEGIN, RUN and
   * PULL, then COMMIT, apart: socket writes were the largest item of the API's CPU profile, and a
   * write's second round trip added to every post's latency. What a retry can mend (a deadlock, which Neo4j
   * rolls back; a restart; a leader change) is retried for `retryMs`, as the driver retries a
   * managed transaction: a write whose answer was lost is sent again, as it would be there.
   */
  read<T extends RecordShape>(name: string, parameters: Parameters = {}): Promise<T[]> {
    return this.autoCommit(name, parameters, neo4j.session.READ);
  }

  /** See `read`; routed to the leader of a cluster. */
  write<T extends RecordShape>(name: string, parameters: Parameters = {}): Promise<T[]> {
    return this.autoCommit(name, parameters, neo4j.session.WRITE);
  }

  /**
   * Runs a read statement and yields its rows as they arrive, so the caller can work on the first
   * while Neo4j sends the rest. Not retried (rows already handed out cannot be taken back): use it
   * where a failure can be redone whole. Its round trip lasts until the last row (or the caller stops).
   */
  async *stream<T extends RecordShape>(name: string, parameters: Parameters = {}): AsyncGenerator<T> {
    const query = this.statements.get(name);
    this.sent++;
    const started = performance.now();
    let failed = false;
    const session = this.session();
    try {
      for await (const record of withoutCallerStack(() => session.run(query, withIntegers(parameters)))) yield record.toObject();
    } catch (error) {
      failed = true;
      throw translate(error, name);
    } finally {
      this.observer.roundTrip(name, performance.now() - started, failed);
      await session.close();
    }
  }

  /** Applies `cypher/schema/*.cypher` (all idempotent) and waits for the indexes to come online. */
  async applySchema(): Promise<void> {
    for (const statement of schemaStatements()) {
      await this.driver.executeQuery(statement, {}, { database: this.database });
    }
  }

  /** The operators (with their details) of the plan Neo4j would run for a statement. */
  async explain(name: string, parameters: Parameters = {}): Promise<string[]> {
    const result = await this.driver.executeQuery(`EXPLAIN ${this.statements.get(name)}`, withIntegers(parameters), { database: this.database });
    const operators: string[] = [];
    const visit = (plan: Plan) => {
      operators.push(`${plan.operatorType} ${plan.arguments.Details ?? ''}`.trim());
      for (const child of plan.children) visit(child);
    };
    if (result.summary.plan) visit(result.summary.plan);
    return operators;
  }

  /** One query, not retried and bounded in time: a health check must answer quickly either way. */
  async health(timeoutMs = 3_000): Promise<GraphHealth> {
    const started = performance.now();
    const session = this.session();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`No answer within ${timeoutMs} ms.`)), timeoutMs);
      });
      await Promise.race([session.run(this.statements.get('health-check')), timeout]);
      return { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { status: 'down', error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
      void session.close();
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private async autoCommit<T extends RecordShape>(name: string, parameters: Parameters, accessMode: SessionMode): Promise<T[]> {
    const query = this.statements.get(name);
    const values = withIntegers(parameters);
    const deadline = performance.now() + this.retryMs;
    for (let delayMs = RETRY_FIRST_DELAY_MS; ; delayMs *= 2) {
      const session = this.session(accessMode);
      try {
        const result = await this.roundTrip(name, () => withoutCallerStack(() => session.run(query, values)));
        return result.records.map((record) => record.toObject() as T);
      } catch (error) {
        if (!neo4j.isRetryableError(error) || performance.now() + delayMs > deadline) throw translate(error, name);
      } finally {
        await session.close();
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  /** Counts one statement sent and tells the observer how long its answer took. */
  private async roundTrip<R>(name: string, send: () => Promise<R>): Promise<R> {
    this.sent++;
    const started = performance.now();
    let failed = true;
    try {
      const result = await send();
      failed = false;
      return result;
    } finally {
      this.observer.roundTrip(name, performance.now() - started, failed);
    }
  }

  /**
   * A session sharing one bookmark manager with every other: a read sees every write this instance
   * committed (on a cluster, a follower that is behind waits for them).
   */
  private session(accessMode: SessionMode = neo4j.session.READ) {
    return this.driver.session({
      database: this.database,
      defaultAccessMode: accessMode,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
  }
}

/**
 * The driver sends every JavaScript number as a Cypher FLOAT; our numbers (limits, timestamps,
 * counts) are integers, and LIMIT refuses floats.
 */
function withIntegers(parameters: Parameters): Parameters {
  return Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, integersIn(value)]));
}

function integersIn(value: unknown): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(integersIn);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return withIntegers(value as Parameters);
  }
  return value;
}

/** Driver errors that mean the database cannot be reached now (after the driver's own retries). */
const UNAVAILABLE = new Set([neo4j.error.SERVICE_UNAVAILABLE, neo4j.error.SESSION_EXPIRED]);
/**
 * A server that is shutting down or still starting answers, but its database does not
 * (`Neo.TransientError.General.DatabaseUnavailable` and the like): unavailable as well.
 */
const DATABASE_UNAVAILABLE = /\.DatabaseUnavailable$/;

function translate(error: unknown, statement: string): unknown {
  const code = (error as { code?: string }).code;
  if (code !== undefined && (UNAVAILABLE.has(code) || DATABASE_UNAVAILABLE.test(code)))
    return serviceUnavailable('The database cannot be reached right now; try again shortly.');
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') return new UniquenessViolation((error as Error).message);
  if (code === 'Neo.ClientError.Statement.EntityNotFound') return new ConcurrentlyDeleted((error as Error).message);
  // Logged as it is: its statement says where it came from (a read's error has no caller's stack).
  if (error instanceof Error) Object.assign(error, { statement });
  return error;
}

/**
 * Sends a read without the stack capture the driver makes for every statement (to add the
 * caller's stack to an error's), which took 3 % of the API's busy time in a profile of the seed
 * mix: the statement is created synchronously, so the limit is back before anything else runs.
 */
function withoutCallerStack<R>(send: () => R): R {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return send();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
