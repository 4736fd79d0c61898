import { describe, expect, it } from 'vitest'
import { runCommand } from './runCommand.ts'

const node = process.execPath

describe('runCommand', () => {
  it('returns the exit code and each stream, alone and together', async () => {
    const script = "process.stdout.write('out'); process.stderr.write('err', () => process.exit(3))"
    const { output, ...result } = await runCommand(node, ['-e', script])
    expect(result).toEqual({ code: 3, signal: null, stdout: 'out', stderr: 'err' })
    // Two pipes: which one the parent reads first is not fixed.
    expect(['outerr', 'errout']).toContain(output)
  })

  it('writes `input` to stdin and runs in `cwd` with `env`', async () => {
    const script =
      "let s = ''; process.stdin.on('data', (c) => { s += c }).on('end', () => console.log(s, process.cwd(), process.env.MARK))"
    const result = await runCommand(node, ['-e', script], { input: 'piped', cwd: '/', env: { MARK: 'm' } })
    expect(result).toMatchObject({ code: 0, stdout: 'piped / m\n', stderr: '' })
  })

  it('rejects when the program does not exist', async () => {
    await expect(runCommand('/no/such/program', [])).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
