import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The README's setup: `setupFiles: ['./vitest.setup.ts']`, where that file is the one line
// `import '@foundation-telemetry/testing/vitest'` and is part of the TypeScript project. This
// compiles a test file that relies on exactly that, as a program of its own (no other file here,
// some of which import the module, can make the matcher types visible).
// The fixture lives in the examples package, a workspace app that installs the packages as a user would.
const project = fileURLToPath(new URL('../../../examples/vitest-matcher-types/', import.meta.url))
const usage = `${project}usage.ts`
const setup = `${project}vitest.setup.ts`
const base = ts.readConfigFile(
  fileURLToPath(new URL('../../../tooling/tsconfig.base.json', import.meta.url)),
  (p) => readFileSync(p, 'utf8'),
)

function diagnosticsOf(files: string[]): string[] {
  const { options } = ts.convertCompilerOptionsFromJson(base.config.compilerOptions, project)
  const program = ts.createProgram(files, options)
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

describe('matcher types with the README setup', () => {
  it('load from the setup file alone: the test file imports nothing of the testing package', () => {
    expect(readFileSync(usage, 'utf8')).not.toMatch(/from '@foundation-telemetry\/testing/)
    expect(diagnosticsOf([usage, setup])).toEqual([])
  }, 60_000)

  it('are missing without the setup file in the project (the check can fail)', () => {
    expect(diagnosticsOf([usage]).join('\n')).toMatch(/toEmitTelemetry/)
  }, 60_000)
})
