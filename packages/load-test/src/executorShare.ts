/**
 * One worker thread's share of an executor: VUs, iterations and rates divided among `count`
 * workers so that the shares add up to the whole (whole numbers are spread as evenly as they go).
 */
import type { Executor, Stage } from './options.ts'

function share(total: number, index: number, count: number): number {
  return Math.floor(total / count) + (index < total % count ? 1 : 0)
}

/** Worker `index`'s part of `executor`, or undefined when its share is no load at all. */
export function executorShare(executor: Executor, index: number, count: number): Executor | undefined {
  const stages = (list: Stage[], divide: (n: number) => number): Stage[] =>
    list.map((s) => ({ duration: s.duration, target: divide(s.target) }))
  const whole = (n: number) => share(n, index, count)
  const part = (n: number) => n / count
  const pool = (e: {
    preAllocatedVUs?: number
    maxVUs?: number
  }): { preAllocatedVUs?: number; maxVUs?: number } => ({
    ...(e.preAllocatedVUs === undefined
      ? {}
      : { preAllocatedVUs: Math.max(1, Math.ceil(e.preAllocatedVUs / count)) }),
    ...(e.maxVUs === undefined ? {} : { maxVUs: Math.max(1, Math.ceil(e.maxVUs / count)) }),
  })
  switch (executor.type) {
    case 'constant-vus': {
      const vus = whole(executor.vus)
      if (vus === 0) return undefined
      const iterations = executor.iterations === undefined ? undefined : whole(executor.iterations)
      if (iterations === 0) return undefined
      return { ...executor, vus, ...(iterations === undefined ? {} : { iterations }) }
    }
    case 'ramping-vus': {
      const scaled = stages(executor.stages, whole)
      const startVUs = whole(executor.startVUs ?? 0)
      if (startVUs === 0 && scaled.every((s) => s.target === 0)) return undefined
      return { ...executor, stages: scaled, startVUs }
    }
    case 'constant-arrival-rate':
      return { ...executor, rate: part(executor.rate), ...pool(executor) }
    case 'ramping-arrival-rate':
      return {
        ...executor,
        stages: stages(executor.stages, part),
        startRate: part(executor.startRate ?? 0),
        ...pool(executor),
      }
  }
}
