/**
 * A cache load test: 70% reads, 30% writes (a sixth of them invalidations), over keys filled
 * before the load starts. The cache reports hits, misses and evictions as `foundation.cache.*`
 * events on the same telemetry instance as the load test, so one handler (or /metrics) sees both.
 *
 *   ft-load run examples/cache-load-test.ts --vus 20 --duration 10s --html cache.html
 */
import { telemetry } from '@foundation-telemetry/core'
import type { LoadTestOptions } from '@foundation-telemetry/load-test'

const KEYS = 10_000
const TTL_MS = 30_000

/** The system under test: a TTL cache instrumented with the taxonomy's cache events. */
class Cache {
  private readonly entries = new Map<string, { value: string; expires: number }>()

  get(key: string): string | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined || entry.expires < Date.now()) {
      telemetry.execute(
        'foundation.cache.miss',
        {},
        { cache: 'demo', reason: entry ? 'expired' : 'not_found' },
      )
      return undefined
    }
    telemetry.execute('foundation.cache.hit', {}, { cache: 'demo' })
    return entry.value
  }

  set(key: string, value: string): void {
    this.entries.set(key, { value, expires: Date.now() + TTL_MS })
  }

  invalidate(key: string): void {
    if (this.entries.delete(key))
      telemetry.execute('foundation.cache.eviction', { count: 1 }, { cache: 'demo', reason: 'manual' })
  }

  get size(): number {
    return this.entries.size
  }
}

const cache = new Cache()
const key = (i: number) => `user:${i % KEYS}`
const randomKey = () => key(Math.floor(Math.random() * KEYS))

let hits = 0
let misses = 0

export default {
  name: 'cache',
  scenarios: [
    {
      name: 'read',
      weight: 70,
      setup: () => {
        // Pre-populate every key, so reads start from a warm cache.
        for (let i = 0; i < KEYS; i++) cache.set(key(i), `profile ${i}`)
        telemetry.attach(
          'cache-example.ratio',
          ['foundation.cache.hit', 'foundation.cache.miss'],
          (event) => {
            if (event === 'foundation.cache.hit') hits++
            else misses++
          },
        )
        return { keys: KEYS }
      },
      run: () => {
        cache.get(randomKey())
      },
      teardown: () => {
        telemetry.detach('cache-example.ratio')
        const ratio = hits + misses === 0 ? 0 : hits / (hits + misses)
        console.error(`cache: ${cache.size} entries, hit ratio ${(ratio * 100).toFixed(1)}%`)
      },
    },
    { name: 'write', weight: 25, run: () => cache.set(randomKey(), `updated ${Date.now()}`) },
    { name: 'invalidate', weight: 5, run: () => cache.invalidate(randomKey()) },
  ],
  executor: { type: 'constant-vus', vus: 20, duration: '10s' },
  warmup: '1s',
  thresholds: ['p99<5ms', 'error_rate<0.01', 'p99{scenario:read}<2ms over 5s'],
} satisfies LoadTestOptions
