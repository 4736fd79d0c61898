import { describe, expect, it } from 'vitest'
import { sendFailureDetails } from './sendWithRetry.ts'

describe('sendFailureDetails', () => {
  it('carries the status only when there was a response', () => {
    expect(
      sendFailureDetails({ ok: false, status: 503, reason: 'attempts', message: 'HTTP 503', attempts: 5 }),
    ).toEqual({ reason: 'attempts', attempts: 5, status: 503 })
    const network = sendFailureDetails({ ok: false, reason: 'network', message: 'refused', attempts: 1 })
    expect(network).toEqual({ reason: 'network', attempts: 1 })
    expect('status' in network).toBe(false)
  })
})
