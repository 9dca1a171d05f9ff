import { defineConfig } from 'vitest/config';

// The API lives on query-service; `npm run dev` proxies to it (PYROMETER_API, default localhost:4040).
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': process.env.PYROMETER_API ?? 'http://localhost:4040',
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
