import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const scriptFile = fileURLToPath(new URL('./check-sleeps.mjs', import.meta.url))
// A runtime path keeps tsc from looking for declarations of the .mjs script.
const checker = (await import(pathToFileURL(scriptFile).href)) as {
  findSleeps(source: string): Array<{ line: number; column: number; rule: string; text: string }>
  isTestFile(path: string): boolean
  codeOnly(source: string): string
}

// The sample sources live in fixtures/sleep-cases/*.txt so that this file itself holds no
// sleep-shaped lines for other scanners (the repo's before-stop hook greps test files).
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/sleep-cases/${name}.txt`, import.meta.url), 'utf8').replace(/\n$/, '')

const rules = (source: string) => checker.findSleeps(source).map((f) => `${f.line}:${f.rule}`)

describe('check-sleeps', () => {
  it('flags the usual sleeps', () => {
    const source = fixture('flags')
    expect(rules(source)).toEqual([
      '1:timers-promises',
      '2:promise-timeout',
      '3:promise-timeout',
      '4:set-timeout',
      '5:set-interval',
      '6:sleep',
      '7:sleep',
      '8:delay',
      '9:wait-for-timeout',
      '10:set-timeout',
      '11:timers-promises',
    ])
  })

  it('allows fake clocks, fake timers, event waits and unrelated names', () => {
    const source = fixture('allows')
    expect(rules(source)).toEqual([])
  })

  it('ignores comments and string, template and regex contents', () => {
    const source = fixture('ignores')
    expect(rules(source)).toEqual([])
    expect(checker.codeOnly('a("x\\n")\nb').split('\n')).toHaveLength(2)
  })

  it('honours // timer-under-test on the line, or on a comment-only line next to it', () => {
    const source = fixture('marked')
    expect(rules(source)).toEqual(['8:set-timeout'])
  })

  it('allows real-looking timers in files that switch to fake timers, but never sleeps', () => {
    const source = fixture('fake-timers')
    expect(rules(source)).toEqual(['3:sleep'])
  })

  it('knows which files are tests', () => {
    expect(checker.isTestFile('packages/core/src/bus.test.ts')).toBe(true)
    expect(checker.isTestFile('packages/testing/test/matchers.test-d.ts')).toBe(true)
    expect(checker.isTestFile('packages/exporters/test/prometheus/server.ts')).toBe(true)
    expect(checker.isTestFile('apps/demo/e2e/dashboard.spec.ts')).toBe(true)
    expect(checker.isTestFile('packages/core/src/bus.ts')).toBe(false)
    expect(checker.isTestFile('node_modules/x/test/a.test.ts')).toBe(false)
    expect(checker.isTestFile('packages/x/test/fixtures/sleepy.ts')).toBe(false)
  })

  it('runs as a script: exit 1 with file:line on offenders, exit 0 with a count', () => {
    const dirty = spawnSync(
      process.execPath,
      [scriptFile, fileURLToPath(new URL('./fixtures/sleepy.ts', import.meta.url))],
      {
        encoding: 'utf8',
      },
    )
    expect(dirty.status).toBe(1)
    expect(dirty.stdout).toMatch(/fixtures\/sleepy\.ts:4:\d+ {2}sleep/)
    expect(dirty.stdout).toContain('check-sleeps: 1 wall-time wait in 1 of 1 test files.')
    const clean = spawnSync(process.execPath, [scriptFile, fileURLToPath(import.meta.url)], {
      encoding: 'utf8',
    })
    expect(clean.stdout).toContain('check-sleeps: 0 wall-time waits in 1 test files.')
    expect(clean.status).toBe(0)
  })
})
