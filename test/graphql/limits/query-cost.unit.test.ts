/**
 * The cost estimate: each field costs one, a paged list multiplies its selection by its `first`.
 */
import { parse } from 'graphql';

import { queryCost } from '../../../src/graphql/limits/query-cost';
import { buildGraphQLSchema } from '../../../src/graphql/schema';

const schema = buildGraphQLSchema();
const cost = (query: string, variables: Record<string, unknown> = {}, fieldCost = 1) => queryCost(schema, parse(query), undefined, variables, { fieldCost });

it('counts one per field without lists', () => {
  expect(cost('{ user(handle: "ada") { handle bio } }')).toBe(3);
});

it('multiplies a list field’s selection by its first', () => {
  // user 1 + followers (1 + 7 × (edges 1 + node 1 + handle 1))
  expect(cost('{ user(handle: "ada") { followers(first: 7) { edges { node { handle } } } } }')).toBe(1 + 1 + 7 * 3);
});

it('counts an omitted first as its default, 20, and a first from variables', () => {
  expect(cost('{ homeTimeline { edges { node { id } } } }')).toBe(1 + 20 * 3);
  expect(cost('query Home($n: Int) { homeTimeline(first: $n) { edges { node { id } } } }', { n: 5 })).toBe(1 + 5 * 3);
  expect(cost('query Home($n: Int) { homeTimeline(first: $n) { edges { node { id } } } }', { n: null })).toBe(1 + 20 * 3);
});

it('counts a first above the page cap as the cap, 100', () => {
  expect(cost('{ homeTimeline(first: 100000) { edges { node { id } } } }')).toBe(1 + 100 * 3);
});

it('multiplies nested lists', () => {
  const nested = '{ user(handle: "a") { followers(first: 100) { edges { node { followers(first: 100) { edges { node { handle } } } } } } } }';
  expect(cost(nested)).toBe(1 + 1 + 100 * (1 + 1 + 1 + 100 * 3));
});

it('scales with the configured field cost', () => {
  expect(cost('{ user(handle: "ada") { handle bio } }', {}, 2)).toBe(6);
});
