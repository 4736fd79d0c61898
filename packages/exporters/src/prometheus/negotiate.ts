/**
 * Content negotiation between the text format and OpenMetrics from a scraper's `Accept` header.
 * Prometheus 2.42 sends
 * `application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*\/*;q=0.1`.
 */
import type { ExpositionFormat } from './serializer.ts'

/**
 * The format to answer with: OpenMetrics when the header accepts OpenMetrics 1.0 (or an
 * unversioned OpenMetrics) at least as much as the text format, otherwise text.
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  try {
    return negotiateFormatUnguarded(accept)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return 'text'
  }
}

function negotiateFormatUnguarded(accept: string | undefined): ExpositionFormat {
  if (accept === undefined || !accept.includes('openmetrics')) return 'text'
  let openMetricsQ = 0
  let textQ = 0
  for (const range of accept.split(',')) {
    const parts = range.split(';')
    const type = parts[0]!.trim().toLowerCase()
    let q = 1
    let version: string | undefined
    for (let i = 1; i < parts.length; i++) {
      const [key, value] = parts[i]!.split('=')
      const name = key?.trim().toLowerCase()
      if (name === 'q') q = Number(value)
      else if (name === 'version') version = value?.trim()
    }
    if (!(q > 0)) continue
    if (type === 'application/openmetrics-text') {
      if (version === undefined || version === '1.0.0') openMetricsQ = Math.max(openMetricsQ, q)
    } else if (type === 'text/plain' || type === '*/*' || type === 'text/*') {
      textQ = Math.max(textQ, q)
    }
  }
  return openMetricsQ > 0 && openMetricsQ >= textQ ? 'openmetrics' : 'text'
}

/**
 * Whether an `Accept-Encoding` header accepts gzip: `gzip` (or `x-gzip`) with a q-value above 0,
 * or `*` above 0 when gzip is not named. `gzip;q=0` is a refusal (RFC 9110, 12.5.3).
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined || header === '') return false
  let gzipQ: number | undefined
  let starQ: number | undefined
  for (const item of header.split(',')) {
    const parts = item.split(';')
    const coding = parts[0]!.trim().toLowerCase()
    let q = 1
    for (let i = 1; i < parts.length; i++) {
      const [key, value] = parts[i]!.split('=')
      if (key?.trim().toLowerCase() === 'q') {
        const parsed = Number(value?.trim())
        q = Number.isFinite(parsed) ? parsed : 0
      }
    }
    if (coding === 'gzip' || coding === 'x-gzip') gzipQ = Math.max(gzipQ ?? 0, q)
    else if (coding === '*') starQ = q
  }
  if (gzipQ !== undefined) return gzipQ > 0
  return starQ !== undefined && starQ > 0
}
