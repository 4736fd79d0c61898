/**
 * The open model (`constant-arrival-rate`, `ramping-arrival-rate`): iterations start on a
 * schedule, whatever the system's latency, each on a free VU from a pool that grows up to
 * `maxVUs`. Latency counts from the scheduled start, so time an iteration spent waiting for the
 * generator (a late timer, a blocked event loop) is part of it: a stalled system shows its real
 * latency (coordinated omission corrected). An iteration due when every VU is busy is dropped and
 * counted.
 */

import type { ClockTimer } from '@foundation-telemetry/core'
import { countBefore, dueTime, phaseAt } from './loadProfile.ts'
import type { Runtime, Vu } from './runtime.ts'

/** Iterations started in one wake-up before the event loop gets a turn (catching up after a stall). */
const MAX_BURST = 4096

/** Generate open-model load until the schedule ends or the run stops. */
export async function runOpenModel(rt: Runtime): Promise<void> {
  const profile = rt.plan.profile
  const free: Vu[] = []
  for (let i = 0; i < profile.preAllocatedVUs; i++) free.push(rt.newVu())
  let allocated = free.length
  let busy = 0
  // A worker that replaces a crashed one joins the schedule where it stands, without a burst.
  let next = countBefore(profile, rt.elapsed())
  let timer: ClockTimer | undefined
  let idle: (() => void) | undefined
  let finished: () => void = () => {}
  const scheduleDone = new Promise<void>((resolve) => {
    finished = resolve
  })

  const release = (vu: Vu) => {
    busy--
    rt.activeVUs = busy
    free.push(vu)
    if (busy === 0) idle?.()
  }
  const launch = (scheduled: number) => {
    const scenario = rt.pick()
    let vu = free.pop()
    if (vu === undefined && allocated < profile.maxVUs) {
      vu = rt.newVu()
      allocated++
    }
    if (vu === undefined) {
      rt.sink.dropped(scenario, phaseAt(profile, scheduled - rt.runStart))
      return
    }
    busy++
    rt.activeVUs = busy
    const taken = vu
    rt.runOne(taken, scenario, scheduled).then(
      () => release(taken),
      (error: unknown) => {
        rt.vuCrashed(error)
        release(rt.newVu())
      },
    )
  }
  const wake = () => {
    if (rt.stopping) return finished()
    const now = rt.elapsed()
    for (let burst = 0; burst < MAX_BURST; burst++) {
      const due = dueTime(profile, next)
      if (due === undefined || due >= profile.totalMs) return finished()
      if (due > now) {
        timer = rt.clock.setTimeout(wake, due - now)
        return
      }
      next++
      launch(rt.runStart + due)
      if (rt.stopping) return finished()
    }
    timer = rt.clock.setTimeout(wake, 0)
  }

  wake()
  await Promise.race([scheduleDone, rt.waitOrStop(profile.totalMs - rt.elapsed())])
  rt.stop()
  if (timer !== undefined) rt.clock.clearTimeout(timer)
  const allIdle = busy === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve))
  await rt.drain(allIdle)
  rt.activeVUs = 0
}
