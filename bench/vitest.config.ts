import { packageProject } from '../tooling/vitest/project.ts'

// The bench's pure pieces (verdicts, the results shape check, the README generator); never timings.
export default packageProject('bench', { include: ['*.test.ts'] })
