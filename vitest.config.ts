import { defineConfig } from 'vitest/config'

// One root run over every workspace project. Tests import workspace packages through the
// `source` export condition, so they run against `src/` with no build step.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'examples/vitest.config.ts',
      'test/*/vitest.config.ts',
      'tooling/vitest.config.ts',
    ],
    reporters: ['default', './tooling/vitest/summaryReporter.ts'],
  },
})
