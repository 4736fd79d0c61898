import { packageProject } from '../../tooling/vitest/project.ts'

// The reliability suite: hostile input, planted secrets, faulty receivers, signals. Seeded
// (RELIABILITY_SEED overrides) so a failure reproduces; part of the root `vitest run`.
export default packageProject('reliability', {
  include: ['*.test.ts'],
  typecheck: { enabled: false },
  testTimeout: 60_000,
  hookTimeout: 60_000,
})
