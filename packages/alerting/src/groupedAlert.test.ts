import { describe, expect, it } from 'vitest'
import { toGroupedAlert } from './groupedAlert.ts'
import type { Alert } from './types.ts'

const base: Alert = {
  name: 'HighErrorRate',
  state: 'firing',
  labels: { alertname: 'HighErrorRate', severity: 'warning' },
  annotations: { summary: 'errors' },
  value: 0.2,
  since: 3_000,
  fingerprint: '0123456789abcdef',
  activeAt: 1_000,
  firedAt: 3_000,
  acknowledged: false,
}

describe('toGroupedAlert', () => {
  it('keeps identity, labels, annotations and value, and starts a firing alert when it fired', () => {
    expect(toGroupedAlert(base, undefined)).toEqual({
      fingerprint: '0123456789abcdef',
      labels: base.labels,
      annotations: base.annotations,
      status: 'firing',
      startsAt: 3_000,
      endsAt: undefined,
      value: 0.2,
    })
  })

  it('ends where the caller says (an expiry for a firing alert, the resolution for a resolved one)', () => {
    expect(toGroupedAlert(base, 9_000).endsAt).toBe(9_000)
    const resolved: Alert = { ...base, state: 'resolved', resolvedAt: 5_000 }
    expect(toGroupedAlert(resolved, resolved.resolvedAt)).toMatchObject({ status: 'resolved', endsAt: 5_000 })
  })

  it('starts an alert that never fired when it became active', () => {
    const { firedAt: _, ...neverFired } = base
    expect(toGroupedAlert({ ...neverFired, state: 'resolved' }, undefined).startsAt).toBe(1_000)
  })
})
