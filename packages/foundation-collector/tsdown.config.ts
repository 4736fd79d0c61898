import { packageBuild } from '../../tooling/tsdown.ts'

export default packageBuild(['src/health.ts', 'src/queue.ts', 'src/bullmq.ts'])
