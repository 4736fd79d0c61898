import { packageProject } from '../../tooling/vitest/project.ts'

// eventsource-parser (under `ai`) publishes a `source` export condition pointing at TypeScript,
// which the workspace's `source` condition would make Node load unstripped: let vite transform it.
export default packageProject('demo', {
  server: { deps: { inline: ['ai', /@ai-sdk\//, 'eventsource-parser'] } },
})
