import { packageProject } from '../../tooling/vitest/project.ts'

// `eventsource` (loaded by the OpenAI Agents SDK through its MCP client) publishes TypeScript
// under a `source` export condition, which the workspace resolves for its own packages. Inlining
// the chain lets Vite compile it instead of handing a .ts file under node_modules to Node.
export default packageProject('agent-integration', {
  server: { deps: { inline: [/@openai\/agents/, /@modelcontextprotocol/, /eventsource/] } },
})
