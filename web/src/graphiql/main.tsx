/**
 * GraphiQL at /graphiql, bundled by the same Vite build so it loads nothing from elsewhere.
 * Queries and mutations go over HTTP to /graphql; subscriptions over graphql-ws on the same path,
 * with the headers set in GraphiQL's Headers tab sent as connectionParams (the server reads
 * `Authorization` there, as from an HTTP header). A link can carry what to open with:
 * `/graphiql?query=…&variables=…&headers=…`.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';

import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const url = new URL('/graphql', window.location.href);
const subscriptionUrl = new URL(url);
subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';

const fetcher = createGraphiQLFetcher({ url: url.href, subscriptionUrl: subscriptionUrl.href });

const defaultQuery = `# Welcome to Chirp's GraphiQL.
#
# Sign up or log in with a mutation, then put the token in the Headers tab below:
#   { "Authorization": "Bearer <token>" }
# It is sent with queries and mutations, and as connectionParams with subscriptions.

query Profile {
  user(handle: "ada") {
    displayName
    followerCount
    tweets(first: 5) { edges { node { text createdAt } } }
  }
}
`;

const linked = new URLSearchParams(window.location.search);

const root = document.getElementById('graphiql');
if (!root) throw new Error('graphiql.html has no #graphiql element.');

createRoot(root).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={defaultQuery}
      initialQuery={linked.get('query') ?? undefined}
      initialVariables={linked.get('variables') ?? undefined}
      initialHeaders={linked.get('headers') ?? undefined}
    />
  </StrictMode>,
);
