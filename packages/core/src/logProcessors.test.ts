import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { LogProcessors } from './logProcessors.ts'
import type { LogProcessor, LogRecord } from './logs.ts'

const record = { body: 'hello' } as unknown as LogRecord

function processor(seen: string[], name: string, overrides: Partial<LogProcessor> = {}): LogProcessor {
  return {
    onEmit: (r) => void seen.push(`${name}:${String(r.body)}`),
    forceFlush: async () => void seen.push(`${name}:flush`),
    shutdown: async () => void seen.push(`${name}:shutdown`),
    ...overrides,
  }
}

function setup() {
  const errors: TelemetryError[] = []
  return { processors: new LogProcessors((e) => errors.push(e)), errors, seen: [] as string[] }
}

describe('LogProcessors', () => {
  it('hands every record to every processor in the order they were added', () => {
    const { processors, seen } = setup()
    processors.add(processor(seen, 'a'))
    processors.add(processor(seen, 'b'))
    processors.deliver(record)
    expect(seen).toEqual(['a:hello', 'b:hello'])
  })

  it('stops handing records to a processor once its remover is called, and a second call is harmless', () => {
    const { processors, seen } = setup()
    const remove = processors.add(processor(seen, 'a'))
    processors.add(processor(seen, 'b'))
    remove()
    remove()
    processors.deliver(record)
    expect(seen).toEqual(['b:hello'])
    expect(processors.list).toHaveLength(1)
  })

  it('reports a processor that throws as an export failure and still runs the next one', () => {
    const { processors, seen, errors } = setup()
    processors.add(
      processor(seen, 'a', {
        onEmit: () => {
          throw new Error('sink broke')
        },
      }),
    )
    processors.add(processor(seen, 'b'))
    expect(() => processors.deliver(record)).not.toThrow()
    expect(seen).toEqual(['b:hello'])
    expect(errors.map((e) => [e.code, e.message, e.details.exporter])).toEqual([
      ['export_failure', 'a log processor failed', 'logs'],
    ])
  })

  it('reports and ignores something without onEmit, or whose onEmit getter throws', () => {
    const { processors, errors } = setup()
    const hostile = Object.defineProperty({}, 'onEmit', {
      get() {
        throw new Error('getter')
      },
    })
    processors.add({} as LogProcessor)()
    processors.add(hostile as LogProcessor)()
    expect(processors.list).toHaveLength(0)
    expect(errors.map((e) => [e.code, e.details.api])).toEqual([
      ['invalid_input', 'addLogProcessor'],
      ['invalid_input', 'addLogProcessor'],
    ])
  })

  it('settles every processor at once, reporting the ones that reject or throw', async () => {
    const { processors, seen, errors } = setup()
    processors.add(processor(seen, 'a', { forceFlush: () => Promise.reject(new Error('down')) }))
    processors.add(
      processor(seen, 'b', {
        forceFlush: () => {
          throw new Error('sync')
        },
      }),
    )
    processors.add(processor(seen, 'c'))
    await expect(processors.settleAll((p) => p.forceFlush())).resolves.toBeUndefined()
    expect(seen).toEqual(['c:flush'])
    expect(errors.map((e) => e.message)).toEqual([
      'a log processor failed to flush',
      'a log processor failed to flush',
    ])
  })
})
