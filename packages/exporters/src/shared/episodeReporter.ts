/**
 * A failure that repeats (a full queue, a broken output, a missing key) is reported once per
 * episode, not once per occurrence: reporting emits an event the exporter may itself record, and
 * a backed-up output or an outage must not turn that into a flood of the error hook.
 */

/** A latch that lets the first report of an episode through and holds the rest until re-armed. */
export interface EpisodeReporter {
  /** Run `report` if this is the first call of the episode; later calls do nothing until `rearm`. */
  once(report: () => void): void
  /** End the episode (on success, on flush): the next `once` reports again. */
  rearm(): void
  /** Whether this episode has reported already. */
  readonly reported: boolean
}

/**
 * Create a once-per-episode latch.
 *
 * @example
 * const outage = createEpisodeReporter()
 * onError: (error) => outage.once(() => reportExportFailure(telemetry, 'output failed', { error }))
 * onWritten: () => outage.rearm()
 */
export function createEpisodeReporter(): EpisodeReporter {
  let reported = false
  return {
    once(report) {
      if (reported) return
      reported = true
      report()
    },
    rearm() {
      reported = false
    },
    get reported() {
      return reported
    },
  }
}
