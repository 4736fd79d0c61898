import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// The README tells a new user one command to run the quick start; this runs that exact command
// (with PORT=0 instead of a fixed port) and reads the /metrics URL it prints.
const root = fileURLToPath(new URL('../', import.meta.url))
const readme = readFileSync(`${root}README.md`, 'utf8')

it("runs the quick start with the README's command and serves its counter on /metrics", async () => {
  const command = /Run it from the repository root[^`]*```sh\n([^\n]+)\n```/.exec(readme)?.[1]
  expect(command).toMatch(
    /^PORT=9464 npx -y pnpm@[\d.]+ exec node --conditions=source examples\/quick-start\.ts$/,
  )
  const child = spawn('sh', ['-c', (command as string).replace('PORT=9464', 'PORT=0')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = ''
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        const printed = /Prometheus can scrape (\S+)/.exec(stdout)
        if (printed) resolve(printed[1] as string)
      })
      child.on('exit', (code) => reject(new Error(`exited with ${code} before printing the URL: ${stderr}`)))
    })
    const body = await (await fetch(url)).text()
    expect(body).toMatch(/^dspex_program_executions_total\{program_type="qa"\} 1$/m)
  } finally {
    // The command is a shell, pnpm and node: end the whole process group it started.
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
  }
}, 120_000)
