# The API image for docker-compose.yml: built once, run with NEO4J_URI pointing at a Neo4j server.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-fund --no-audit
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The web app and GraphiQL, built into dist/web by npm run build.
COPY web ./web
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# Every interface of the container (the server's own default is the loopback), so that a load
# balancer reaches it. Introspection and GraphiQL stay off (NODE_ENV=production) unless INTROSPECTION=true.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY cypher ./cypher
EXPOSE 4000
USER node
CMD ["node", "dist/src/main.js"]
