/**
 * SIGTERM through the README's own demo command, `npx -y pnpm@10.34.8 demo`: a signal to the
 * launcher (which does not pass it on) still stops the demo with its flush, and no process of
 * the tree is left listening. Plus the shutdown deadline against a collector that never answers.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type HttpReceiver, startHttpReceiver } from './support/receivers.ts'
import { ROOT } from './support/workspace.ts'

interface Launched {
  child: ChildProcess
  output: () => string
  /** Resolves with the demo's port once its banner is printed. */
  ready: Promise<number>
  /** Resolves when every process holding the output pipe has exited (the whole tree is gone). */
  closed: Promise<void>
}

function launch(command: string, args: string[], env: Record<string, string> = {}): Launched {
  const child = spawn(command, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', ...env },
  })
  let output = ''
  const ready = new Promise<number>((resolve) => {
    const onData = (c: Buffer) => {
      output += c.toString()
      const match = /on port (\d+)/.exec(output)
      if (match !== null && output.includes('Ctrl-C to stop.')) resolve(Number(match[1]))
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
  })
  const closed = Promise.all([once(child.stdout!, 'close'), once(child.stderr!, 'close')]).then(() => {})
  return { child, output: () => output, ready, closed }
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

let receiver: HttpReceiver | undefined
const launched: Launched[] = []
afterEach(async () => {
  for (const l of launched.splice(0)) if (l.child.exitCode === null) l.child.kill('SIGKILL')
  await receiver?.close()
  receiver = undefined
})

describe('the demo stops on SIGTERM whatever launched it', () => {
  it('npx -y pnpm@10.34.8 demo: SIGTERM to npx flushes, prints Stopped. and leaves nothing listening', async () => {
    const demo = launch('npx', ['-y', 'pnpm@10.34.8', 'demo', '--port', '0'])
    launched.push(demo)
    const port = await demo.ready
    demo.child.kill('SIGTERM')
    await demo.closed
    expect(demo.output()).toContain('Stopping (SIGTERM)')
    expect(demo.output()).toContain('Stopped.')
    expect(await refused(port)).toBe(true)
  })

  it('stops at its shutdown deadline against a collector that never answers, exiting non-zero with a clear line', async () => {
    receiver = await startHttpReceiver(() => ({ kind: 'hang' }))
    const demo = launch(
      process.execPath,
      [join(ROOT, 'apps/demo/bin/demo.mjs'), '--port', '0', '--shutdown-timeout', '1'],
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    )
    launched.push(demo)
    const port = await demo.ready
    demo.child.kill('SIGTERM')
    const [code] = await once(demo.child, 'exit')
    await demo.closed
    expect(code).toBe(1)
    expect(demo.output()).toContain('shutdown deadline')
    expect(demo.output()).not.toContain('Stopped.\n')
    expect(await refused(port)).toBe(true)
  })
})
