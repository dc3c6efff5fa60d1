/**
 * Operation limits
 *
 * Checks an operation against the configured limits before it runs, the same way for HTTP (the
 * Apollo plugin) and WebSocket (the subscriptions server): tokens while parsing, then depth, aliases
 * and directives as validation rules (graphql-armor), then the estimated cost once the variables are
 * known. The depth rule exempts only the `__schema` field itself (bounded by graphql-js's own
 * introspection depth rule), and only while introspection is on: an operation or fragment that
 * merely calls itself `__schema` is counted like any other.
 */
import { LRUCache } from 'lru-cache';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

import type { QueryLimitConfig } from '../../config';
import { queryCost, QueryNodesExceeded } from './query-cost';
import { QueryLimitError, type QueryLimit } from './query-limit-error';

/** How much query text the token check remembers as passed (characters). */
const TOKEN_CHECKED_CHARACTERS = 2_000_000;
/** Texts of the valid documents kept (a parsed document takes tens of times its text's size). */
const VALID_DOCUMENT_CHARACTERS = 200_000;
/** Cost estimates remembered per document (distinct `first` values and flags). */
const COSTS_PER_DOCUMENT = 100;

export interface OperationRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export class OperationLimits {
  /** Depth, aliases and directives: added to graphql-js's own rules wherever a document is validated. */
  readonly validationRules: readonly ValidationRule[];
  /** What a transport without Apollo validates with: graphql-js's rules, the limits, and no introspection when it is off. */
  private readonly allRules: readonly ValidationRule[];
  /** Query texts that passed the token limit, up to a total length. */
  private readonly withinTokenLimit = new LRUCache<string, true>({ maxSize: TOKEN_CHECKED_CHARACTERS, sizeCalculation: (_, source) => source.length });
  /**
   * Documents that parsed and validated, by query text, for transports without Apollo (which keeps
   * its own): every live client subscribes with the same few texts, and one document object per
   * text also lets their subscribers share each event's result (shared-event-results.ts).
   */
  private readonly validDocuments = new LRUCache<string, DocumentNode>({ maxSize: VALID_DOCUMENT_CHARACTERS, sizeCalculation: (_, source) => source.length });
  /** Estimated costs by document, then by operation name and variables less their strings. */
  private readonly costs = new WeakMap<DocumentNode, LRUCache<string, number>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly settings: QueryLimitConfig,
    { introspection }: { introspection: boolean },
  ) {
    const { maxDepth, maxAliases, maxDirectives } = settings;
    this.validationRules = [
      armorRule('depth', maxDepth, (options) => maxDepthRule({ ...options, ignoreIntrospection: introspection, flattenFragments: false })),
      armorRule('aliases', maxAliases, (options) => maxAliasesRule(options)),
      armorRule('directives', maxDirectives, (options) => maxDirectivesRule(options)),
    ];
    this.allRules = [...specifiedRules, ...this.validationRules, ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  }

  /** Parses `source`, refusing it once it has more than `maxTokens` tokens (a GraphQLError either way). */
  parse(source: string): DocumentNode {
    const maximum = this.settings.maxTokens;
    const parser = new MaxTokensParserWLexer(source, {
      n: maximum,
      onReject: [
        () => {
          throw new QueryLimitError('tokens', maximum, `The query has more than ${maximum} tokens.`);
        },
      ],
    });
    return parser.parseDocument();
  }

  /**
   * Throws a QueryLimitError when `source` has more than `maxTokens` tokens. Clients send the same
   * few queries again and again: one that passed is remembered and not parsed again (Apollo keeps
   * its own parsed copy).
   */
  checkTokens(source: string): void {
    if (this.withinTokenLimit.has(source)) return;
    this.parse(source);
    this.withinTokenLimit.set(source, true);
  }

  /** Throws a QueryLimitError when the operation's estimated cost is over `maxCost`. */
  checkCost(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): void {
    const maximum = this.settings.maxCost;
    // Apollo hands the same document object for the same query; the cost depends on its numbers
    // and flags (`first`, `@include`), not on its strings (ids, handles, cursors), so requests that
    // differ only in those share one estimate.
    let costs = this.costs.get(document);
    if (!costs) this.costs.set(document, (costs = new LRUCache<string, number>({ max: COSTS_PER_DOCUMENT })));
    const key = `${operationName ?? ''}\n${JSON.stringify(variables ?? {}, (_, value: unknown) => (typeof value === 'string' ? '' : value))}`;
    let cost = costs.get(key);
    if (cost === undefined) {
      cost = this.estimate(document, operationName, variables);
      if (cost === undefined) return;
      costs.set(key, cost);
    }
    if (cost > maximum) {
      const operation = getOperationAST(document, operationName ?? undefined);
      throw new QueryLimitError('cost', maximum, `The query's estimated cost is ${cost}; at most ${maximum} is allowed.`, operation ? [operation] : undefined);
    }
  }

  /** The operation's estimated cost; undefined when its variables do not fit it (execution reports that). */
  private estimate(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
  ): number | undefined {
    const maximum = this.settings.maxCost;
    try {
      return queryCost(this.schema, document, operationName, variables, this.settings);
    } catch (error) {
      if (error instanceof QueryNodesExceeded)
        throw new QueryLimitError('cost', maximum, `The query selects too many fields to estimate its cost; at most ${maximum} is allowed.`);
      // Variables that do not fit the operation: execution reports them with its own error.
      if (error instanceof GraphQLError) return undefined;
      throw error;
    }
  }

  /**
   * Everything a transport without Apollo needs: parse within the token limit, validate with the
   * schema's rules and the limits, check the cost. Returns the document, or the errors to send.
   */
  prepare(request: OperationRequest): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
    const valid = this.validDocument(request.query);
    if ('errors' in valid) return valid;
    const { document } = valid;
    try {
      this.checkCost(document, request.operationName, request.variables);
    } catch (error) {
      if (error instanceof QueryLimitError) return { errors: [error] };
      throw error;
    }
    return { document };
  }

  /** The query parsed within the token limit and validated, or the errors to send. */
  private validDocument(source: string): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
    const cached = this.validDocuments.get(source);
    if (cached) return { document: cached };
    let document: DocumentNode;
    try {
      document = this.parse(source);
    } catch (error) {
      if (error instanceof QueryLimitError) return { errors: [error] };
      if (error instanceof GraphQLError) return { errors: [withCode(error, PARSE_FAILED)] };
      throw error;
    }
    const errors = validate(this.schema, document, this.allRules);
    if (errors.length > 0) return { errors: errors.map((error) => (error instanceof QueryLimitError ? error : withCode(error, VALIDATION_FAILED))) };
    this.validDocuments.set(source, document);
    return { document };
  }
}

/** The codes Apollo gives the same errors over HTTP. */
const PARSE_FAILED = ApolloServerErrorCode.GRAPHQL_PARSE_FAILED;
const VALIDATION_FAILED = ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED;

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

type ArmorOptions = { n: number; propagateOnRejection: false; onReject: ((context: ValidationContext | null, error: GraphQLError) => void)[] };

/**
 * A graphql-armor rule that reports a QueryLimitError (with armor's message, less its misleading
 * "Syntax Error: " prefix) instead of throwing its own.
 */
function armorRule(limit: QueryLimit, maximum: number, rule: (options: ArmorOptions) => ValidationRule): ValidationRule {
  return rule({
    n: maximum,
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(new QueryLimitError(limit, maximum, error.message.replace(/^Syntax Error: /, '')))],
  });
}
