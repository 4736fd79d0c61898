import { once } from 'node:events'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { freePort, startLocalServer } from './localServer.ts'

// A stand-in server: Node itself, printing its ready line (split in two writes) and staying up.
const script =
  "process.stdout.write('listen'); process.stdout.write('ing on ' + process.argv[1]); process.stdin.resume(); setInterval(() => {}, 1 << 30)"

describe('startLocalServer', () => {
  it('resolves once the server says it is ready, and stop ends it and removes its directory', async () => {
    const server = await startLocalServer({
      binary: process.execPath,
      name: 'stand-in',
      args: (port, dir) => ['-e', script, `${port} ${dir}`],
      readyWhen: 'listening on',
    })
    expect(server.port).toBeGreaterThan(0)
    expect(existsSync(server.dir)).toBe(true)
    expect(server.child.exitCode).toBeNull()
    await server.stop()
    expect(server.child.signalCode).toBe('SIGTERM')
    expect(existsSync(server.dir)).toBe(false)
  })

  it('rejects with the output when the server exits before it is ready, leaving no directory', async () => {
    let dir = ''
    await expect(
      startLocalServer({
        binary: process.execPath,
        name: 'stand-in',
        args: (_port, tmp) => {
          dir = tmp
          return ['-e', "console.error('bad flag'); process.exit(3)"]
        },
        readyWhen: 'listening on',
      }),
    ).rejects.toThrow(/exited with 3: bad flag/)
    expect(existsSync(dir)).toBe(false)
  })
})

describe('startLocalServer with a prepare step and a ready test', () => {
  it('prepares the directory before the start and waits until the test of the output holds', async () => {
    const server = await startLocalServer({
      binary: process.execPath,
      name: 'stand-in',
      prepare: (port, dir) => writeFileSync(join(dir, 'config.txt'), `port ${port}`),
      args: (_port, dir) => ['-e', script, readFileSync(join(dir, 'config.txt'), 'utf8')],
      readyWhen: (output, port) => output.includes(`listening on port ${port}`),
    })
    expect(server.child.exitCode).toBeNull()
    await server.stop()
    expect(existsSync(server.dir)).toBe(false)
  })
})

describe('freePort', () => {
  it('names a loopback port that can be listened on', async () => {
    const port = await freePort()
    const server = createServer()
    server.listen(port, '127.0.0.1')
    await once(server, 'listening')
    server.close()
    await once(server, 'close')
  })
})
