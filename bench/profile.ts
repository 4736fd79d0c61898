/**
 * Profiles one side of one case in this process and prints where the time goes, by function self
 * time, so a missed goal can be traced to a code path:
 * `node --conditions=source bench/profile.ts <case id> [ours|peer] [seconds]`.
 * Writes the full profile to `bench/profiles/<case>.<side>.cpuprofile` (open it in Chrome DevTools).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { fileURLToPath } from 'node:url'
import { CASE_INDEX, loadCase } from './cases.ts'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** Self time per function (name, file, line), largest first, as percentages of the profile. */
export function selfTimes(profile: Profile, root: string): Array<{ share: number; where: string }> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const byFrame = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame
    const delta = profile.timeDeltas[i] ?? 0
    if (!frame) return
    const file = frame.url.replace(root, '')
    const where = `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`
    byFrame.set(where, (byFrame.get(where) ?? 0) + delta)
    total += delta
  })
  return [...byFrame]
    .map(([where, time]) => ({ share: total > 0 ? time / total : 0, where }))
    .sort((a, b) => b.share - a.share)
}

const [id = '', side = 'ours', seconds = '3'] = process.argv.slice(2)
const entry = CASE_INDEX.find((candidate) => candidate.id === id)
if (!entry) {
  console.error(
    `usage: profile.ts <case id> [ours|peer] [seconds]; cases: ${CASE_INDEX.map((e) => e.id).join(', ')}`,
  )
  process.exit(2)
}
const spec = await loadCase(entry)
const setup = side === 'peer' ? spec.peerSide : spec.ours
if (!setup) throw new Error(`${id} has no ${side} side`)
const prepared = await setup({ smoke: false })
if (prepared.kind === 'unavailable') {
  console.log(`${id} ${side}: ${prepared.note}`)
  process.exit(0)
}

const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 100 })
await session.post('Profiler.start')
const until = performance.now() + Number(seconds) * 1000
let operations = 0
if (prepared.kind === 'bytes') {
  for (let rep = 0; performance.now() < until; rep++) {
    prepared.create(rep)
    operations += prepared.per
  }
} else {
  while (performance.now() < until) {
    for (let i = 0; i < 64; i++) {
      const value = prepared.run()
      if (typeof (value as Promise<unknown> | undefined)?.then === 'function') await value
    }
    operations += 64 * (prepared.opsPerRun ?? 1)
  }
}
const { profile } = (await session.post('Profiler.stop')) as { profile: Profile }
session.disconnect()

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = fileURLToPath(new URL('./profiles/', import.meta.url))
mkdirSync(dir, { recursive: true })
const file = `${dir}${id}.${side}.cpuprofile`
writeFileSync(file, JSON.stringify(profile))
console.log(`${id} ${side}: ${operations} operations in ${seconds} s (profiler on: slower than the bench)`)
for (const { share, where } of selfTimes(profile, `file://${root}`).slice(0, 20)) {
  console.log(`${(share * 100).toFixed(1).padStart(5)}%  ${where}`)
}
console.log(`full profile: ${file}`)
