/**
 * Vite builds the app (`index.html`) and GraphiQL (`graphiql.html`) into dist/web, which the API
 * server serves (src/http/web-app.ts). Hashed file names under assets/ let it cache them for a year.
 */
import path from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  base: '/',
  // Vite 8 compiles TSX with Oxc: the automatic runtime imports React's JSX functions itself.
  oxc: { jsx: { runtime: 'automatic' } },
  worker: { format: 'es' },
  build: {
    outDir: path.join(root, '..', 'dist', 'web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // GraphiQL's editor (Monaco) is large; it is loaded only on /graphiql.
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      input: { app: path.join(root, 'index.html'), graphiql: path.join(root, 'graphiql.html') },
      // React libraries mark their modules "use client" for server components; a browser bundle has none.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/graphql': { target: 'http://localhost:4000', ws: true } } },
});
