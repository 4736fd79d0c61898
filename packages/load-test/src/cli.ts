#!/usr/bin/env node
/** The `ft-load` executable. */
import { cliMain } from './cliMain.ts'

cliMain(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt: (handler) => {
    process.on('SIGINT', handler)
    return () => process.off('SIGINT', handler)
  },
  exit: (code) => process.exit(code),
}).then(
  // Exit explicitly: a scenario file may leave sockets or timers open, which must not hang the CLI.
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `ft-load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  },
)
