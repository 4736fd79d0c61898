import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'

// Editors complete a string argument from the literal members of the parameter's type. This asks
// TypeScript's own language service (what VS Code runs) for the completions at `'|` in calls on
// a telemetry instance, so the test fails if a signature ever widens back to plain `string`.
const here = fileURLToPath(new URL('.', import.meta.url))
const file = `${here}completionProbe.ts`
const prelude = `import { createTelemetry } from '../src/index.ts'\nconst t = createTelemetry()\n`

let service: ts.LanguageService
let text = prelude

beforeAll(() => {
  const base = ts.readConfigFile(`${here}../../../tooling/tsconfig.base.json`, (p) => readFileSync(p, 'utf8'))
  const options = ts.convertCompilerOptionsFromJson(base.config.compilerOptions, here).options
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [file],
    getScriptVersion: () => text,
    getScriptSnapshot: (name) => {
      if (name === file) return ts.ScriptSnapshot.fromString(text)
      const content = ts.sys.readFile(name)
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content)
    },
    getCurrentDirectory: () => here,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? text : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  }
  service = ts.createLanguageService(host)
})

/** Completions at `|` in `call`. */
function completionsAt(call: string): string[] {
  const cursor = call.indexOf('|')
  text = `${prelude}${call.replace('|', '')}`
  const at = prelude.length + cursor
  const result = service.getCompletionsAtPosition(file, at, {})
  return result?.entries.map((entry) => entry.name) ?? []
}

// Not covered: the elements of a list given to `attach`. TypeScript 6 offers no completions inside
// an array literal whose type is a generic being inferred (the list is still type-checked, and its
// handler typed); a single name or a prefix pattern completes.
describe('editors complete taxonomy names', () => {
  it.each([
    ["t.execute('|", 'foundation.circuit_breaker.state_change'],
    ["t.event('|", 'foundation.circuit_breaker.state_change'],
    ["t.attach('id', '|", 'foundation.circuit_breaker.*'],
    ["t.span('|", 'dspex.program.execution'],
    ["t.startSpan('|", 'dspex.program.execution'],
    ["t.recordMetric('|", 'dspex.program.executions'],
    ["t.metrics.counter('|", 'dspex.program.executions'],
    ["t.metrics.histogram('|", 'foundation_jido.signal.dispatch_duration'],
    ["t.metrics.windowStats('|", 'dspex.program.executions'],
    ["t.metrics.define([{ name: '|' }])", 'dspex.program.executions'],
    ["t.metrics.define([{ name: 'x', kind: 'counter', events: ['|'] }])", 'foundation.cache.hit'],
  ])(
    '%s offers %s',
    (call, expected) => {
      const names = completionsAt(call)
      expect(names).toContain(expected)
      expect(names.length).toBeGreaterThan(10)
    },
    30_000,
  )
})
