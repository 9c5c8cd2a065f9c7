import { defineConfig } from 'vitest/config';

export default defineConfig({
  // TypeScript in .cts files too (src/made-from.cts; Vite's default takes .ts, .mts, .tsx and .jsx).
  oxc: { include: /\.(m?ts|cts|[jt]sx)$/ },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON results feed .ci/run's closing "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
  },
});
