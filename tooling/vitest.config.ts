import { packageProject } from './vitest/project.ts'

// The repo's own scripts and test support: pure helpers are tested here, beside the packages.
export default packageProject('tooling', {
  include: ['scripts/**/*.test.ts', 'testing/**/*.test.ts', 'vitest/**/*.test.ts'],
})
