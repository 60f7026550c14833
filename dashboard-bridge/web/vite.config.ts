import { defineConfig } from 'vitest/config';

// The bundle is served by the dashboard-bridge from the jar's `webroot`; `npm run dev` proxies the API
// and the SockJS bridge to a locally running bridge (SWITCHBOARD_DEV_BACKEND, default localhost:8080).
const backend = process.env.SWITCHBOARD_DEV_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  base: '/',
  // sockjs-client (CommonJS, written for browserify) reads `global`; in the browser that is globalThis
  define: { global: 'globalThis' },
  build: {
    outDir: '../target/classes/webroot',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': backend,
      '/eventbus': { target: backend, ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
