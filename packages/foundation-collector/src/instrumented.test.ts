import { createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { type AdapterSpec, installOrReport, instrumentTarget, noop, remember } from './instrumented.ts'

function telemetry() {
  const errors: TelemetryError[] = []
  return { t: createTelemetry({ env: {}, onError: (e) => errors.push(e) }), errors }
}

class Widget {
  listeners: string[] = []
}

describe('installOrReport', () => {
  it('reports a throw midway as could not attach, keeping what was installed before it', () => {
    const { t, errors } = telemetry()
    const widget = new Widget()
    installOrReport(t, 'instrumentWidget', widget, () => {
      widget.listeners.push('open')
      throw new Error('frozen emitter')
    })
    expect(widget.listeners).toEqual(['open'])
    expect(errors.map((e) => [e.code, e.message, e.details.object])).toEqual([
      ['invalid_input', 'instrumentWidget: could not attach: frozen emitter', 'Widget'],
    ])
  })

  it('reports nothing when the install completes', () => {
    const { t, errors } = telemetry()
    installOrReport(t, 'instrumentWidget', new Widget(), () => {})
    expect(errors).toEqual([])
  })
})

describe('instrumentTarget', () => {
  const spec = (calls: unknown[][]): AdapterSpec<Widget, { name?: string }> => ({
    api: 'instrumentWidget',
    accepts: (value): value is Widget => value instanceof Widget,
    notTarget: 'not a widget',
    noName: 'options.name is required',
    attach: (t, target, options, name) => {
      calls.push([t, target, options, name])
      return remember(t, target, () => {})
    },
  })

  it('attaches once per telemetry and target with the options and name, returning the same disposer again', () => {
    const { t, errors } = telemetry()
    const calls: unknown[][] = []
    const widget = new Widget()
    const options = { name: 'w' }
    const first = instrumentTarget(t, widget, options, spec(calls))
    expect(instrumentTarget(t, widget, options, spec(calls))).toBe(first)
    expect(calls).toEqual([[t, widget, options, 'w']])
    expect(errors).toEqual([])
  })

  it('reports a wrong target or a missing name and attaches nothing', () => {
    const { t, errors } = telemetry()
    const calls: unknown[][] = []
    expect(instrumentTarget(t, {}, { name: 'w' }, spec(calls))).toBe(noop)
    expect(instrumentTarget(t, new Widget(), {}, spec(calls))).toBe(noop)
    expect(calls).toEqual([])
    expect(errors.map((e) => e.message)).toEqual([
      'instrumentWidget: not a widget',
      'instrumentWidget: options.name is required',
    ])
  })
})
