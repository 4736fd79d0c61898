import { packageBuild } from '../../tooling/tsdown.ts'

export default packageBuild(['src/index.ts', 'src/aiSdk.ts', 'src/ax.ts'])
