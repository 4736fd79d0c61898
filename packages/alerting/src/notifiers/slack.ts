/** Slack incoming webhooks: one message per notification, as readable blocks with a text fallback. */

import { guarded, guardedNotifier } from '../guard.ts'
import { type HttpOptions, postJson } from '../http.ts'
import type { Notification, NotifiedAlert, Notifier } from '../types.ts'

/** Options of {@link slackNotifier}. */
export interface SlackNotifierOptions extends HttpOptions {
  /** The incoming-webhook URL. */
  url: string
  /** Defaults to `slack`. */
  name?: string
  /** Alerts listed per message (Slack allows 50 blocks). Defaults to 10. */
  maxAlerts?: number
}

const icon: Readonly<Record<string, string>> = {
  critical: ':red_circle:',
  error: ':large_orange_circle:',
  warning: ':warning:',
  info: ':information_source:',
}

function line(a: NotifiedAlert): string {
  const name = a.labels.alertname ?? 'alert'
  const mark = a.status === 'resolved' ? ':white_check_mark:' : (icon[a.labels.severity ?? ''] ?? ':bell:')
  const summary = a.annotations.summary ?? a.annotations.description ?? ''
  const labels = Object.entries(a.labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `\`${k}=${v}\``)
    .join(' ')
  const value = Number.isNaN(a.value) ? '' : ` (value ${formatNumber(a.value)})`
  return `${mark} *${escapeMrkdwn(name)}*${value}${summary === '' ? '' : ` - ${escapeMrkdwn(summary)}`}${labels === '' ? '' : `\n${escapeMrkdwn(labels)}`}`
}

function formatNumber(v: number): string {
  return String(Number(v.toPrecision(4)))
}

// Slack's mrkdwn treats &, < and > as control characters.
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** The Slack message for a notification. */
export function slackPayload(n: Notification, maxAlerts = 10): Record<string, unknown> {
  return guarded(
    'slackPayload',
    undefined,
    () => {
      const firing = n.alerts.filter((a) => a.status === 'firing').length
      const resolved = n.alerts.length - firing
      const group = Object.entries(n.groupLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
      const title = `${n.status === 'firing' ? `[FIRING:${firing}]` : '[RESOLVED]'} ${group === '' ? 'alerts' : group}`
      const shown = n.alerts.slice(0, maxAlerts)
      const blocks: unknown[] = [
        { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
        ...shown.map((a) => ({ type: 'section', text: { type: 'mrkdwn', text: line(a).slice(0, 3000) } })),
      ]
      const context = [`${firing} firing, ${resolved} resolved`]
      if (n.alerts.length > shown.length) context.push(`${n.alerts.length - shown.length} more not shown`)
      if (n.escalationLevel !== undefined) context.push(`escalation level ${n.escalationLevel + 1}`)
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' | ') }] })
      return { text: title, blocks }
    },
    () => ({ text: 'alerts', blocks: [] }),
  )
}

/**
 * Post notifications to a Slack incoming webhook as readable blocks (a header, one section per
 * alert with its value, summary and labels, a count line) with a plain-text fallback.
 *
 * @example
 * ```ts
 * slackNotifier({ url: process.env.SLACK_WEBHOOK_URL! })
 * ```
 */
export function slackNotifier(options: SlackNotifierOptions): Notifier {
  return guardedNotifier('slackNotifier', 'slack', options, () => ({
    send: (n, { signal }) => postJson(options.url, slackPayload(n, options.maxAlerts), signal, options),
  }))
}
