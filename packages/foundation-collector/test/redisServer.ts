/**
 * A real Redis (Debian `redis-server`) for the BullMQ tests: started on 127.0.0.1 on a free port
 * with a temporary directory and no persistence, stopped after.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server'
export const hasRedis = existsSync(REDIS_SERVER)

export interface RunningRedis {
  readonly port: number
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Start redis-server and resolve once it says it accepts connections. */
export async function startRedis(): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'ft-redis-'))
  const port = await freePort()
  const redis: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  await new Promise<void>((resolve, reject) => {
    let output = ''
    let ready = false
    // Keep draining the pipes after start, so a full pipe never blocks the server.
    const onData = (chunk: Buffer) => {
      if (ready) return
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        ready = true
        resolve()
      }
    }
    redis.stdout?.on('data', onData)
    redis.stderr?.on('data', onData)
    redis.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)))
  })
  return {
    port,
    async stop() {
      if (redis.exitCode === null) {
        redis.kill('SIGTERM')
        await once(redis, 'exit')
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
