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

/**
 * GraphiQL's operation tabs are a tablist whose tabs are list items holding the tab's button and
 * its close button: interactive controls nested in an interactive one (axe's nested-interactive),
 * and a close button can be no child of a tablist either (aria-required-children). So they are
 * shown to assistive technology as what they work as: a labelled list of buttons, the one of the
 * operation being edited marked aria-current, each with its close button beside it. GraphiQL sets
 * the roles when it renders a tab; they are rewritten each time.
 */
function fixOperationTabs(): void {
  for (const list of root?.querySelectorAll<HTMLElement>('.graphiql-tabs[role="tablist"]') ?? []) list.removeAttribute('role');
  for (const item of root?.querySelectorAll<HTMLElement>('.graphiql-tab[role="tab"], .graphiql-tab[aria-selected]') ?? []) {
    const button = item.querySelector<HTMLElement>(':scope > .graphiql-tab-button');
    if (item.getAttribute('aria-selected') === 'true') button?.setAttribute('aria-current', 'true');
    else button?.removeAttribute('aria-current');
    item.removeAttribute('role');
    item.removeAttribute('aria-selected');
  }
}
new MutationObserver(fixOperationTabs).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['role', 'aria-selected'] });
fixOperationTabs();

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
