import { packageBuild } from '../../tooling/tsdown.ts'

export default packageBuild([
  'src/index.ts',
  'src/opossum.ts',
  'src/cockatiel.ts',
  'src/bottleneck.ts',
  'src/health.ts',
  'src/queue.ts',
  'src/bullmq.ts',
])
