import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { type CliIo, cliMain } from '../src/cliMain.ts'
import type { LoadTestReport } from '../src/report.ts'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url))

function io() {
  const out: string[] = []
  const err: string[] = []
  let interrupt: (() => void) | undefined
  const exits: number[] = []
  const value: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    onInterrupt: (handler) => {
      interrupt = handler
      return () => {
        interrupt = undefined
      }
    },
    exit: (code) => exits.push(code),
  }
  return { value, out, err, exits, interrupt: () => interrupt?.() }
}

describe('ft-load run', { timeout: 60_000 }, () => {
  it('runs a scenario file, prints the table and writes the JSON and HTML reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-load-'))
    const cli = io()
    const code = await cliMain(
      [
        'run',
        fixture('two-scenarios.mjs'),
        '--out',
        join(dir, 'r.json'),
        '--html',
        join(dir, 'r.html'),
        '--no-progress',
      ],
      cli.value,
    )
    expect(code).toBe(0)
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as LoadTestReport
    expect(report.total.count).toBe(200)
    expect(report.scenarios.fast!.count).toBe(150)
    expect(report.scenarios['sometimes-fails']!.error_types.EFLAKY!.count).toBeGreaterThan(0)
    expect(report.thresholds).toEqual([
      expect.objectContaining({ expression: 'count==200', passed: true, value: 200 }),
    ])
    const html = readFileSync(join(dir, 'r.html'), 'utf8')
    expect(html).toContain('uPlot')
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/)
    expect(cli.out.join('')).toMatch(/sometimes-fails\s+50\s+5\s+10\.00%/)
    expect(cli.out.join('')).toContain('PASSED')
  })

  it('overrides the file with flags and exits 1 when a threshold fails', async () => {
    const cli = io()
    const code = await cliMain(
      [
        'run',
        fixture('two-scenarios.mjs'),
        '--vus',
        '3',
        '--iterations',
        '40',
        '--threshold',
        'error_rate<0.01',
        '--quiet',
      ],
      cli.value,
    )
    expect(code).toBe(1)
    expect(cli.out.join('')).toBe('')
  })

  it.each([
    [['run', fixture('no-scenarios.mjs')], 'scenarios'],
    [['run', fixture('zero-weight.mjs')], 'scenarios[1].weight'],
    [['run', fixture('two-scenarios.mjs'), '--duration', '10 parsecs'], '--duration'],
    [['run', fixture('two-scenarios.mjs'), '--threshold', 'p95 lt 5ms'], 'thresholds[0]'],
    [['run', fixture('two-scenarios.mjs'), '--vus', 'many'], '--vus'],
    [['run', fixture('two-scenarios.mjs'), '--warp'], 'arguments'],
    [['run', fixture('missing.mjs')], 'scenario file'],
    [['launch', fixture('two-scenarios.mjs')], 'command'],
  ])('%j: one line naming %s, exit 2, nothing run', async (argv, field) => {
    ;(globalThis as { __ftLoadSetupRan?: boolean }).__ftLoadSetupRan = false
    const cli = io()
    const code = await cliMain(argv, cli.value)
    expect(code).toBe(2)
    const text = cli.err.join('')
    expect(text.trimEnd().split('\n')).toHaveLength(1)
    expect(text).toMatch(new RegExp(`^ft-load: ${field.replace(/[[\]]/g, '\\$&')}: `))
    expect((globalThis as { __ftLoadSetupRan?: boolean }).__ftLoadSetupRan).toBe(false)
    expect(cli.out.join('')).toBe('')
  })

  it('stops on Ctrl-C, prints the partial report and exits 130', async () => {
    const cli = io()
    ;(globalThis as { __ftLoadInterrupt?: () => void }).__ftLoadInterrupt = cli.interrupt
    const dir = mkdtempSync(join(tmpdir(), 'ft-load-'))
    const code = await cliMain(
      ['run', fixture('interruptible.mjs'), '--out', join(dir, 'r.json'), '--no-progress'],
      cli.value,
    )
    expect(code).toBe(130)
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as LoadTestReport
    expect(report.aborted).toBe('signal')
    expect(report.total.count).toBeGreaterThanOrEqual(50)
    expect(cli.err.join('')).toContain('stopping')
  })

  it('is the package bin: exit codes from a real process', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--conditions=source', CLI, ...args], {
        encoding: 'utf8',
        timeout: 60_000,
      })
    const ok = run(['run', fixture('two-scenarios.mjs'), '--no-progress'])
    expect(ok.status).toBe(0)
    expect(ok.stdout).toContain('PASSED')
    const bad = run(['run', fixture('zero-weight.mjs')])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toBe('ft-load: scenarios[1].weight: expected a positive number, got 0\n')
    const failed = run(['run', fixture('two-scenarios.mjs'), '--threshold', 'errors==0', '--quiet'])
    expect(failed.status).toBe(1)
  })
})
