import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { sharePlugin } from './src/share/build.ts';
import { exampleAnswerPlugin } from './src/node/example-answer-plugin.ts';

// base './' keeps every asset URL relative, so dist/ works from any sub-path of any static host.
export default defineConfig({
  base: './',
  plugins: [svelte(), sharePlugin(), exampleAnswerPlugin()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  test: {
    globalSetup: ['./tests/shared-guard.mjs'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          exclude: ['tests/unit/plots/**'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // Svelte components mount only with its client build, which the "browser" condition selects.
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'dom',
          include: ['tests/unit/plots/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
