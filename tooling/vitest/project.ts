import { defineProject, type ViteUserConfig } from 'vitest/config'

/**
 * The vitest project settings every package shares: resolve workspace packages to their
 * sources (the `source` export condition) and keep type tests beside unit tests.
 */
export function packageProject(name: string, overrides: ViteUserConfig['test'] = {}) {
  return defineProject({
    resolve: { conditions: ['source'] },
    ssr: { resolve: { conditions: ['source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
      ...overrides,
    },
  })
}
