import { packageBuild } from '../../tooling/tsdown.ts'

export default packageBuild(['src/index.ts', 'src/openai-agents.ts', 'src/langgraph.ts'])
