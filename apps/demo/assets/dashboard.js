// The live dashboard: a layout and frames from /api/stream (Server-Sent Events), one uPlot chart
// per panel, breaker states, the alert panel, and recent traces with a waterfall and their logs.
;(() => {
  const MAX_POINTS = 300
  const charts = new Map()
  const colors = ['#0969da', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989']
  const $ = (id) => document.getElementById(id)
  const text = (tag, content, className) => {
    const el = document.createElement(tag)
    el.textContent = content
    if (className) el.className = className
    return el
  }

  function buildCharts(layout) {
    const root = $('charts')
    root.replaceChildren()
    charts.clear()
    for (const panel of layout.panels) {
      const box = document.createElement('div')
      box.className = 'panel'
      box.dataset.panel = panel.id
      box.appendChild(text('h3', `${panel.title} (${panel.unit})`))
      root.appendChild(box)
      const data = [[], ...panel.series.map(() => [])]
      const plot = new uPlot(
        {
          width: Math.max(320, box.clientWidth - 24),
          height: 160,
          series: [
            {},
            ...panel.series.map((s, i) => ({
              label: s.label,
              stroke: colors[i % colors.length],
              width: 1.5,
            })),
          ],
          axes: [{}, { size: 56 }],
          scales: { x: { time: true } },
        },
        data,
        box,
      )
      charts.set(panel.id, { plot, data, points: 0 })
    }
  }

  function onFrame(frame) {
    for (const [id, chart] of charts) {
      const values = frame.values[id]
      if (!values) continue
      chart.data[0].push(frame.t)
      values.forEach((v, i) => {
        chart.data[i + 1].push(v)
      })
      if (chart.data[0].length > MAX_POINTS) for (const column of chart.data) column.shift()
      chart.points++
      chart.plot.setData(chart.data)
      chart.plot.root.dataset.points = String(chart.points)
    }
    const breakers = $('breakers')
    breakers.replaceChildren(
      ...Object.entries(frame.breakers).map(([name, state]) => {
        const label = state >= 1 ? 'open' : state > 0 ? 'half_open' : 'closed'
        return text('span', `${name}: ${label.replace('_', '-')}`, label)
      }),
    )
    $('status').textContent = `live · ${new Date(frame.t * 1000).toLocaleTimeString()}`
    $('status').className = 'status live'
  }

  /** Fill list `id` with one item per entry, or a muted "none yet". */
  function fillList(id, items, item) {
    $(id).replaceChildren(...(items.length ? items.map(item) : [text('li', 'none yet', 'muted')]))
  }

  function onAlerts(alerts) {
    fillList('alerts', alerts, (a) => {
      const li = text('li', `${a.name} — ${a.state}${a.severity ? ` (${a.severity})` : ''}`, a.state)
      li.dataset.alert = a.name
      li.dataset.state = a.state
      return li
    })
  }

  function onNotifications(items) {
    fillList('notifications', items.slice(0, 10), (n) => {
      const names = n.alerts.map((a) => `${a.name} ${a.state}`).join(', ')
      const li = text('li', `${new Date(n.time).toLocaleTimeString()} ${n.receiver}: ${names}`, n.status)
      li.dataset.state = n.status
      return li
    })
  }

  let selected
  async function loadTraces() {
    try {
      const traces = await (await fetch('/api/traces')).json()
      const list = $('trace-list')
      list.replaceChildren(
        ...traces.slice(0, 30).map((trace) => {
          const li = text(
            'li',
            `${trace.name} · ${trace.spans.length} spans · ${(trace.end - trace.start).toFixed(1)} ms`,
          )
          li.dataset.trace = trace.traceId
          if (trace.traceId === selected) li.className = 'selected'
          li.onclick = () => {
            selected = trace.traceId
            showTrace(trace)
            for (const other of list.children) other.className = other === li ? 'selected' : ''
          }
          return li
        }),
      )
      if (!selected && traces.length) {
        selected = traces.find((t) => t.spans.length > 2)?.traceId ?? traces[0].traceId
        showTrace(traces.find((t) => t.traceId === selected))
      }
    } catch {
      // The next refresh tries again.
    }
  }

  function showTrace(trace) {
    const box = $('waterfall')
    box.replaceChildren(text('h3', `${trace.name} · ${trace.traceId}`))
    const byParent = new Map()
    for (const span of trace.spans) {
      const list = byParent.get(span.parentSpanId ?? 'root') ?? []
      list.push(span)
      byParent.set(span.parentSpanId ?? 'root', list)
    }
    const ids = new Set(trace.spans.map((s) => s.spanId))
    const roots = trace.spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId))
    const total = Math.max(0.001, trace.end - trace.start)
    const walk = (span, depth) => {
      const row = document.createElement('div')
      row.className = 'row'
      row.appendChild(text('span', `${'  '.repeat(depth)}${span.name}`))
      const track = document.createElement('div')
      const bar = document.createElement('div')
      bar.className = span.error ? 'bar error' : 'bar'
      bar.style.marginLeft = `${((span.start - trace.start) / total) * 100}%`
      bar.style.width = `${Math.max(0.5, ((span.end - span.start) / total) * 100)}%`
      bar.title = `${(span.end - span.start).toFixed(2)} ms`
      track.appendChild(bar)
      row.appendChild(track)
      box.appendChild(row)
      for (const child of (byParent.get(span.spanId) ?? []).sort((a, b) => a.start - b.start))
        walk(child, depth + 1)
    }
    for (const root of roots.sort((a, b) => a.start - b.start)) walk(root, 0)
    const logs = document.createElement('div')
    logs.className = 'logs'
    logs.appendChild(text('h3', 'Log lines in this trace'))
    if (!trace.logs.length) logs.appendChild(text('p', 'none', 'muted'))
    for (const line of trace.logs) {
      logs.appendChild(
        text(
          'div',
          `${new Date(line.time).toISOString().slice(11, 23)} ${line.severity} ${line.body}${line.correlationId ? ` [correlation_id=${line.correlationId}]` : ''}`,
        ),
      )
    }
    box.appendChild(logs)
  }

  const source = new EventSource('/api/stream')
  source.addEventListener('layout', (e) => buildCharts(JSON.parse(e.data)))
  source.addEventListener('frame', (e) => onFrame(JSON.parse(e.data)))
  source.addEventListener('alerts', (e) => onAlerts(JSON.parse(e.data)))
  source.addEventListener('notifications', (e) => onNotifications(JSON.parse(e.data)))
  source.onerror = () => {
    $('status').textContent = 'reconnecting…'
    $('status').className = 'status'
  }
  loadTraces()
  setInterval(loadTraces, 3000)
})()
