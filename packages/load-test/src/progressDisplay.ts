/**
 * Progress for `ft-load`: on a terminal, one line redrawn in place (a bar, elapsed time,
 * iterations per second, errors, current p95, VUs); elsewhere (CI logs, pipes) a plain line every
 * few seconds and at each phase change, never control characters.
 */
import { formatDuration } from './duration.ts'
import type { ProgressSample } from './options.ts'

/** Where progress goes. */
export interface ProgressStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

/** A progress display. */
export interface ProgressDisplay {
  update(sample: ProgressSample): void
  /** Clear the bar (TTY) before the report is printed. */
  finish(): void
}

const BAR_WIDTH = 24
/** Non-TTY: one line per this many samples (about seconds). */
const PLAIN_EVERY = 5

function describe(sample: ProgressSample): string {
  const rate = Number.isFinite(sample.rate) ? `${sample.rate.toFixed(1)} it/s` : '- it/s'
  const p95 = Number.isFinite(sample.p95) ? formatDuration(sample.p95) : '-'
  return (
    `${formatDuration(sample.elapsedMs)}/${formatDuration(sample.totalMs)} ${sample.phase}  ` +
    `${sample.iterations} it  ${rate}  ${sample.errors} err  p95 ${p95}  ${sample.activeVUs} VUs` +
    (sample.dropped > 0 ? `  ${sample.dropped} dropped` : '')
  )
}

/** A display for `stream`: a redrawn bar when it is a TTY, plain lines otherwise. */
export function createProgressDisplay(stream: ProgressStream): ProgressDisplay {
  if (stream.isTTY === true) {
    let drawn = false
    return {
      update(sample) {
        const done = sample.totalMs > 0 ? Math.min(1, sample.elapsedMs / sample.totalMs) : 1
        const filled = Math.round(done * BAR_WIDTH)
        const line = `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${Math.floor(done * 100)
          .toString()
          .padStart(3)}%  ${describe(sample)}`
        const width = stream.columns ?? 120
        stream.write(`\r\u001b[2K${line.slice(0, Math.max(20, width - 1))}`)
        drawn = true
      },
      finish() {
        if (drawn) stream.write('\r\u001b[2K')
        drawn = false
      },
    }
  }
  let count = 0
  let lastPhase: string | undefined
  return {
    update(sample) {
      count++
      if (sample.phase !== lastPhase || count % PLAIN_EVERY === 0) {
        lastPhase = sample.phase
        stream.write(`ft-load: ${describe(sample)}\n`)
      }
    },
    finish() {},
  }
}
