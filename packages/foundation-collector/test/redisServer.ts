/**
 * A real Redis (Debian `redis-server`) for the BullMQ tests: started on 127.0.0.1 on a free port
 * with a temporary directory and no persistence, stopped after.
 */
import { existsSync } from 'node:fs'
import { startLocalServer } from '../../../tooling/testing/localServer.ts'

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server'
export const hasRedis = existsSync(REDIS_SERVER)

export interface RunningRedis {
  readonly port: number
  stop(): Promise<void>
}

/** Start redis-server and resolve once it says it accepts connections. */
export async function startRedis(): Promise<RunningRedis> {
  const { port, stop } = await startLocalServer({
    binary: REDIS_SERVER,
    name: 'redis',
    args: (port, dir) => [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    readyWhen: 'Ready to accept connections',
  })
  return { port, stop }
}
