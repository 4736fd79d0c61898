/**
 * The closed model (`constant-vus`, `ramping-vus`): a number of virtual users, each running
 * iterations back to back. The next iteration starts only when the previous one ends, so a slow
 * system receives less load and its slowness hides in fewer samples (coordinated omission); use
 * the open model to measure latency under a fixed arrival rate.
 */
import { levelAt } from './loadProfile.ts'
import type { Runtime, Vu } from './runtime.ts'

/** How often a ramp re-reads its target VU count, ms. */
const RAMP_TICK_MS = 100

interface Slot {
  vu: Vu
  retiring: boolean
}

/** Generate closed-model load until the profile ends or the run stops. */
export async function runClosedModel(rt: Runtime): Promise<void> {
  const profile = rt.plan.profile
  const limit = profile.iterations
  const slots: Slot[] = []
  const loops = new Set<Promise<void>>()
  let started = 0

  const loop = async (slot: Slot): Promise<void> => {
    let n = 0
    while (!rt.stopping && !slot.retiring) {
      if (limit !== undefined && started >= limit) {
        rt.stop('iterations')
        break
      }
      started++
      try {
        await rt.runOne(slot.vu, rt.pick(), rt.clock.monotonic())
      } catch (error) {
        // Nothing a scenario does reaches here; a failure of our own must not shrink the load.
        rt.vuCrashed(error)
        if (!rt.stopping && !slot.retiring) {
          slot.vu = rt.newVu()
          continue
        }
        break
      }
      const turn = rt.maybeYield(++n)
      if (turn !== undefined) await turn
    }
  }
  const startSlot = () => {
    const slot: Slot = { vu: rt.newVu(), retiring: false }
    slots.push(slot)
    const running = loop(slot).finally(() => loops.delete(running))
    loops.add(running)
  }
  const adjust = () => {
    if (rt.stopping) return
    const want = Math.round(levelAt(profile, rt.elapsed()))
    while (slots.length < want) startSlot()
    // The newest VUs leave first, after their current iteration (a graceful ramp-down).
    while (slots.length > want) slots.pop()!.retiring = true
    rt.activeVUs = slots.length
  }

  adjust()
  const ramps = profile.segments.some((s) => s.from !== s.to)
  const ticker = ramps ? rt.clock.setInterval(adjust, RAMP_TICK_MS) : undefined
  await rt.waitOrStop(profile.totalMs - rt.elapsed())
  rt.stop()
  if (ticker !== undefined) rt.clock.clearInterval(ticker)
  await rt.drain(Promise.all(loops))
  rt.activeVUs = 0
}
