/**
 * Silences as Alertmanager keeps them: matchers plus a start and an end on the clock. A silence
 * mutes the alerts it matches while `startsAt <= now < endsAt`; it expires on its own.
 */
import { type CompiledMatcher, compileMatchers, type MatchersInput, matchesAll } from './matchers.ts'

/** What {@link Alerting.silence} takes. */
export interface SilenceOptions {
  /** Matchers (`'alertname="X"'`, `{ name, value, isRegex, isEqual }`) or a `{ label: 'value' }` object. */
  matchers: MatchersInput
  /** Epoch ms or a Date. */
  endsAt: number | Date
  /** Epoch ms or a Date. Defaults to now. */
  startsAt?: number | Date
  comment?: string
  createdBy?: string
}

/** A silence as listed by {@link Alerting.silences}. */
export interface Silence {
  id: string
  matchers: MatchersInput
  startsAt: number
  endsAt: number
  comment?: string
  createdBy?: string
  status: 'pending' | 'active' | 'expired'
}

interface Stored {
  silence: Omit<Silence, 'status'>
  compiled: CompiledMatcher[]
}

/** Expired silences are forgotten after this long. */
const EXPIRED_RETENTION_MS = 24 * 3_600_000

/** The silences of one alerting instance. */
export class Silences {
  private readonly stored = new Map<string, Stored>()
  private seq = 0

  /** Add a silence; returns its id, or the reason it was refused. */
  add(options: SilenceOptions, now: number): { id: string } | { error: string } {
    if (options === null || typeof options !== 'object')
      return { error: 'a silence needs matchers and endsAt' }
    const compiled = compileMatchers(options.matchers)
    if (typeof compiled === 'string') return { error: compiled }
    if (compiled.length === 0) return { error: 'a silence needs at least one matcher' }
    const endsAt = toMs(options.endsAt)
    const startsAt = options.startsAt === undefined ? now : toMs(options.startsAt)
    if (endsAt === undefined || startsAt === undefined)
      return { error: 'startsAt and endsAt must be epoch ms or Dates' }
    if (endsAt <= startsAt) return { error: 'endsAt must be after startsAt' }
    this.list(now) // drops silences that expired long ago, so the store stays bounded
    const id = `silence-${++this.seq}`
    const silence: Omit<Silence, 'status'> = { id, matchers: options.matchers, startsAt, endsAt }
    if (options.comment !== undefined) silence.comment = options.comment
    if (options.createdBy !== undefined) silence.createdBy = options.createdBy
    this.stored.set(id, { silence, compiled })
    return { id }
  }

  /** End a silence now. Returns whether it existed. */
  expire(id: string, now: number): boolean {
    const s = this.stored.get(id)
    if (s === undefined) return false
    if (s.silence.endsAt > now) s.silence.endsAt = Math.max(now, s.silence.startsAt)
    return true
  }

  /** Whether an active silence matches `labels`. */
  mutes(labels: Readonly<Record<string, string>>, now: number): boolean {
    for (const { silence, compiled } of this.stored.values()) {
      if (silence.startsAt <= now && now < silence.endsAt && matchesAll(compiled, labels)) return true
    }
    return false
  }

  /** Every silence with its status; long-expired ones are dropped on the way. */
  list(now: number): Silence[] {
    const out: Silence[] = []
    for (const [id, { silence }] of this.stored) {
      if (now - silence.endsAt > EXPIRED_RETENTION_MS) {
        this.stored.delete(id)
        continue
      }
      const status = now < silence.startsAt ? 'pending' : now < silence.endsAt ? 'active' : 'expired'
      out.push({ ...silence, status })
    }
    return out
  }
}

function toMs(value: number | Date): number | undefined {
  const ms = value instanceof Date ? value.getTime() : value
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined
}
