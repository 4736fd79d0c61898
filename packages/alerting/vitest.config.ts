import { packageProject } from '../../tooling/vitest/project.ts'

export default packageProject('alerting')
