// Resolve the workspace's own packages (@foundation-telemetry/*) through their `source` export
// condition, so the demo runs from TypeScript sources with no build; third-party packages resolve
// as usual (some publish a `source` condition pointing at TypeScript Node cannot load from
// node_modules).
import { registerHooks } from 'node:module'

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!specifier.startsWith('@foundation-telemetry/')) return nextResolve(specifier, context)
    return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'source'] })
  },
})
