/**
 * An Embedded Metric Format validator written from the specification's rules
 * (/work/shared/reference/wire-formats.md and the EMF specification): returns the list of
 * violations of one line, empty when it is valid.
 */

const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
])

const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value)

export function validateEmfLine(line: string): string[] {
  const problems: string[] = []
  if (Buffer.byteLength(line, 'utf8') > 1_000_000) problems.push('event larger than 1 MB')
  let event: Record<string, unknown>
  try {
    event = JSON.parse(line)
  } catch {
    return ['not JSON']
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return ['not a JSON object']
  const aws = event._aws as Record<string, unknown> | undefined
  if (!aws || typeof aws !== 'object') return ['missing _aws']
  if (!Number.isInteger(aws.Timestamp) || (aws.Timestamp as number) < 0)
    problems.push('Timestamp is not epoch ms')
  const directives = aws.CloudWatchMetrics
  if (!Array.isArray(directives) || directives.length === 0) return [...problems, 'CloudWatchMetrics empty']
  for (const directive of directives as Array<Record<string, unknown>>) {
    const namespace = directive.Namespace
    if (typeof namespace !== 'string' || namespace.length < 1 || namespace.length > 255) {
      problems.push('Namespace must be 1-255 characters')
    }
    const dimensions = directive.Dimensions
    if (!Array.isArray(dimensions)) problems.push('Dimensions must be an array of dimension sets')
    else {
      for (const set of dimensions) {
        if (!Array.isArray(set)) {
          problems.push('a dimension set must be an array')
          continue
        }
        if (set.length > 30) problems.push(`dimension set has ${set.length} keys (max 30)`)
        for (const key of set) {
          if (typeof key !== 'string' || key.length === 0) problems.push('dimension key must be a string')
          else if (typeof event[key] !== 'string') problems.push(`dimension ${key} has no string value`)
        }
      }
    }
    const metrics = directive.Metrics
    if (!Array.isArray(metrics)) {
      problems.push('Metrics must be an array')
      continue
    }
    if (metrics.length > 100) problems.push(`directive has ${metrics.length} metrics (max 100)`)
    const names = new Set<string>()
    for (const metric of metrics as Array<Record<string, unknown>>) {
      const name = metric.Name
      if (typeof name !== 'string' || name.length < 1 || name.length > 255) {
        problems.push('metric Name must be 1-255 characters')
        continue
      }
      if (names.has(name)) problems.push(`metric ${name} repeated`)
      names.add(name)
      if (metric.Unit !== undefined && !UNITS.has(metric.Unit as string))
        problems.push(`unit ${metric.Unit} unknown`)
      const value = event[name]
      if (Array.isArray(value)) {
        if (value.length > 100) problems.push(`metric ${name} has ${value.length} values (max 100)`)
        if (!value.every(isNumber)) problems.push(`metric ${name} has a non-number value`)
      } else if (!isNumber(value)) {
        problems.push(`metric ${name} has no numeric value`)
      }
    }
  }
  return problems
}
