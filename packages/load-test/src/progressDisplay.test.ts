import { describe, expect, it } from 'vitest'
import type { ProgressSample } from './options.ts'
import { createProgressDisplay } from './progressDisplay.ts'

const sample = (elapsedMs: number, phase: ProgressSample['phase'] = 'main'): ProgressSample => ({
  phase,
  elapsedMs,
  totalMs: 10_000,
  iterations: 1234,
  errors: 3,
  dropped: 0,
  rate: 456.7,
  p95: 4.2,
  activeVUs: 50,
})

describe('createProgressDisplay', () => {
  it('redraws one line with a bar, elapsed time, rate, errors and p95 on a terminal', () => {
    const written: string[] = []
    const display = createProgressDisplay({
      isTTY: true,
      columns: 200,
      write: (t: string) => written.push(t),
    })
    display.update(sample(5000))
    expect(written[0]).toBe(
      `\r\u001b[2K[${'█'.repeat(12)}${'░'.repeat(12)}]  50%  5s/10s main  1234 it  456.7 it/s  3 err  p95 4.2ms  50 VUs`,
    )
    display.finish()
    expect(written[1]).toBe('\r\u001b[2K')
  })

  it('prints plain lines without control characters, every few seconds and on phase changes', () => {
    const written: string[] = []
    const display = createProgressDisplay({ write: (t: string) => written.push(t) })
    display.update(sample(1000, 'warmup'))
    for (let s = 2; s <= 10; s++) display.update(sample(s * 1000))
    // Warm-up, the switch to main, then every fifth sample.
    expect(written).toHaveLength(4)
    expect(written.join('')).not.toContain('\u001b')
    expect(written[1]).toBe('ft-load: 2s/10s main  1234 it  456.7 it/s  3 err  p95 4.2ms  50 VUs\n')
  })
})
