/**
 * The two template forms alert annotations use most, filled in as Prometheus fills them:
 * `{{ $value }}` and `{{ $labels.name }}` (also `{{ .Value }}` / `{{ .Labels.name }}`). Anything
 * else is left as written, so the same text still works when the rule moves to Prometheus.
 */
const expression =
  /\{\{\s*(?:\$value|\.Value|\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)|\.Labels\.([a-zA-Z_][a-zA-Z0-9_]*))\s*\}\}/g

/** Fill `{{ $value }}` and `{{ $labels.x }}` in `text`. */
export function renderTemplate(
  text: string,
  labels: Readonly<Record<string, string>>,
  value: number,
): string {
  if (!text.includes('{{')) return text
  return text.replace(expression, (_, a: string | undefined, b: string | undefined) => {
    const key = a ?? b
    return key === undefined ? formatValue(value) : (labels[key] ?? '')
  })
}

/** Renders every annotation. */
export function renderAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>>,
  value: number,
): Record<string, string> {
  const out: Record<string, string> = {}
  if (annotations === undefined) return out
  for (const key of Object.keys(annotations)) out[key] = renderTemplate(annotations[key]!, labels, value)
  return out
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(value)
}
