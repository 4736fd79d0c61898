/**
 * Measures one side of one case in a fresh process and reports to the runner over IPC:
 * `node --conditions=source --expose-gc bench/worker.ts <case id> <ours|peer> <settings json>`.
 */

import type { Prepared, SideEnv } from './caseSpec.ts'
import { CASE_INDEX, loadCase } from './cases.ts'
import { type MeasureSettings, measureAddedNs, measureBytes, measureCpuNs, measureNs } from './harness.ts'

/** What a worker sends back. */
export type WorkerResult =
  | { kind: 'value'; value: number; samples: number }
  | { kind: 'unavailable'; note: string }
  | { kind: 'error'; message: string }

/** Which side of a case a worker measures. */
export type SideName = 'ours' | 'peer'

async function prepare(id: string, side: SideName, env: SideEnv): Promise<Prepared> {
  const entry = CASE_INDEX.find((candidate) => candidate.id === id)
  if (!entry) throw new Error(`unknown case ${id}`)
  const spec = await loadCase(entry)
  const setup = side === 'ours' ? spec.ours : spec.peerSide
  if (!setup) throw new Error(`case ${id} has no ${side} side`)
  return setup(env)
}

/** Prepares and measures one side; never throws (failures become an `error` result). */
export async function measureSide(
  id: string,
  side: SideName,
  settings: MeasureSettings,
): Promise<WorkerResult> {
  try {
    const prepared = await prepare(id, side, { smoke: settings.smoke })
    if (prepared.kind === 'unavailable') return { kind: 'unavailable', note: prepared.note }
    if (prepared.kind === 'bytes') {
      const measured = await measureBytes(prepared.create, prepared.per, settings, prepared.verify)
      if (measured.problem) return { kind: 'error', message: measured.problem }
      return { kind: 'value', value: measured.value, samples: measured.samples }
    }
    const measured = prepared.baseline
      ? await measureAddedNs(prepared.run, prepared.baseline, settings, prepared.opsPerRun)
      : prepared.clock === 'cpu'
        ? await measureCpuNs(prepared.run, settings, prepared.opsPerRun)
        : await measureNs(prepared.run, settings, prepared.opsPerRun)
    const problem = await prepared.verify?.()
    if (problem) return { kind: 'error', message: problem }
    if (prepared.baseline) {
      // An added cost from two samples (smoke) is noise either way; in a real run it must show.
      if (!Number.isFinite(measured.value) || (measured.value <= 0 && !settings.smoke)) {
        return {
          kind: 'error',
          message: `added cost ${measured.value} ns: not above the baseline's noise (run again on a quieter machine)`,
        }
      }
    } else if (!Number.isFinite(measured.value) || measured.value <= 0) {
      return { kind: 'error', message: `measured ${measured.value} ns: the operation was optimized away` }
    }
    return { kind: 'value', value: measured.value, samples: measured.samples }
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
}

if (process.send) {
  const [id = '', side = 'ours', settings = '{}'] = process.argv.slice(2)
  const result = await measureSide(id, side as SideName, JSON.parse(settings) as MeasureSettings)
  // Exit explicitly: peers may leave unref'd timers or open handles behind, which is not our concern here.
  process.send(result, () => process.exit(0))
}
