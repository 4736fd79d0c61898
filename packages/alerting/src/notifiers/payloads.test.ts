import { describe, expect, it } from 'vitest'
import { fingerprint } from '../fingerprint.ts'
import type { Notification } from '../types.ts'
import { alertmanagerPayload } from './alertmanager.ts'
import { pagerDutyEvent } from './pagerDuty.ts'
import { slackPayload } from './slack.ts'
import { webhookPayload } from './webhook.ts'

const labels = { alertname: 'HighErrorRate', severity: 'warning', service: 'api' }
// One alert as the webhook body carries it; the notification's alert adds the compared value.
const webhookAlert = {
  status: 'firing' as const,
  labels,
  annotations: { summary: 'error rate 0.2' },
  startsAt: '2026-01-01T00:00:00.000Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: '',
  fingerprint: fingerprint(labels),
}
const notification: Notification = {
  receiver: 'ops',
  status: 'firing',
  groupKey: '{}:{alertname="HighErrorRate"}',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: labels,
  commonAnnotations: { summary: 'error rate 0.2' },
  externalURL: 'http://ops.example',
  alerts: [{ ...webhookAlert, value: 0.2 }],
}

describe('notifier payloads', () => {
  it('computes Alertmanager fingerprints (FNV-1a 64 over sorted labels)', () => {
    expect(fingerprint({})).toBe('cbf29ce484222325')
    expect(fingerprint({ b: '2', a: '1' })).toBe(fingerprint({ a: '1', b: '2' }))
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }))
  })

  it('writes the Alertmanager webhook body, version 4', () => {
    // The group fields pass through unchanged; each alert loses only its value.
    expect(webhookPayload(notification)).toEqual({
      ...notification,
      version: '4',
      truncatedAlerts: 0,
      alerts: [webhookAlert],
    })
  })

  it('triggers and resolves PagerDuty incidents with the fingerprint as dedup_key', () => {
    const alert = notification.alerts[0]!
    expect(pagerDutyEvent(alert, { routingKey: 'rk' })).toEqual({
      routing_key: 'rk',
      dedup_key: alert.fingerprint,
      event_action: 'trigger',
      payload: {
        summary: 'HighErrorRate: error rate 0.2',
        source: 'api',
        severity: 'warning',
        timestamp: alert.startsAt,
        custom_details: { labels, annotations: alert.annotations, value: 0.2 },
      },
    })
    expect(pagerDutyEvent({ ...alert, status: 'resolved' }, { routingKey: 'rk' })).toEqual({
      routing_key: 'rk',
      dedup_key: alert.fingerprint,
      event_action: 'resolve',
    })
  })

  it('writes readable Slack blocks with a text fallback', () => {
    const body = slackPayload(notification) as {
      text: string
      blocks: Array<{ type: string; text?: { text: string } }>
    }
    expect(body.text).toBe('[FIRING:1] alertname=HighErrorRate')
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context'])
    expect(body.blocks[1]!.text!.text).toBe(
      ':warning: *HighErrorRate* (value 0.2) - error rate 0.2\n`service=api`',
    )
  })

  it('posts alerts to Alertmanager without empty generator URLs', () => {
    expect(alertmanagerPayload(notification)).toEqual([
      {
        labels,
        annotations: { summary: 'error rate 0.2' },
        startsAt: '2026-01-01T00:00:00.000Z',
        endsAt: '0001-01-01T00:00:00Z',
      },
    ])
  })
})
