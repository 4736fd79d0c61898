/**
 * Real servers for integration tests (Debian binaries such as `victoria-metrics` or
 * `redis-server`): each is started on a free 127.0.0.1 port with its own temporary directory,
 * awaited until it logs that it is ready, and stopped (directory removed) after.
 *
 * This lives in the private tooling package, imported by relative path from the packages' test
 * folders: a published package never depends on it, and no package depends on another for it.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** How to start one server. */
export interface LocalServerOptions {
  /** The executable, e.g. `/usr/bin/redis-server`. */
  readonly binary: string
  /** Prefix of the temporary directory's name. */
  readonly name: string
  /** Runs before the server starts, e.g. to write its configuration into `dir`. */
  prepare?(port: number, dir: string): void | Promise<void>
  /** The command line, given the free port and the temporary directory. */
  args(port: number, dir: string): string[]
  /**
   * Text the server writes (stdout or stderr) once it accepts connections, or a test of
   * everything it has written so far.
   */
  readonly readyWhen: string | ((output: string, port: number) => boolean)
}

/** A started server. */
export interface LocalServer {
  readonly port: number
  /** The temporary directory, removed by {@link LocalServer.stop}. */
  readonly dir: string
  readonly child: ChildProcess
  /** SIGTERM the server, wait for it to exit, remove its directory. */
  stop(): Promise<void>
}

/** A port no one listens on at the moment of asking (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Start `options.binary` and resolve once it writes `options.readyWhen`; reject if it exits first. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const dir = mkdtempSync(join(tmpdir(), `ft-${options.name}-`))
  const port = await freePort()
  const isReady =
    typeof options.readyWhen === 'string'
      ? (output: string) => output.includes(options.readyWhen as string)
      : (output: string) => (options.readyWhen as (output: string, port: number) => boolean)(output, port)
  try {
    await options.prepare?.(port, dir)
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const child = spawn(options.binary, options.args(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await new Promise<void>((resolve, reject) => {
      let output = ''
      let started = false
      // Keep draining both pipes for the server's whole life: a full pipe would block its logging.
      const onData = (chunk: Buffer) => {
        if (started) return
        output += chunk.toString()
        if (isReady(output)) {
          started = true
          resolve()
        }
      }
      child.stdout?.on('data', onData)
      child.stderr?.on('data', onData)
      child.once('error', reject)
      child.once('exit', (code) => reject(new Error(`${options.binary} exited with ${code}: ${output}`)))
    })
  } catch (error) {
    await stop()
    throw error
  }
  return { port, dir, child, stop }
}
