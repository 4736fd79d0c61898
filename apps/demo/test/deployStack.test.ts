/**
 * The compose stack in deploy/ for the day one process is not enough. No container runs here, so
 * each file is checked with the real tools that exist (amtool, promtool) and the rest is parsed and
 * cross-checked: every mounted file exists, every port is bound to loopback, the Collector's
 * pipelines name only components it defines, and Grafana gets one dashboard per layer.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runCommand } from '../../../tooling/testing/runCommand.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const deploy = join(root, 'deploy')

interface Compose {
  services: Record<
    string,
    {
      image: string
      volumes?: string[]
      ports?: string[]
      environment?: Record<string, string>
      depends_on?: string[]
    }
  >
}
const compose = parse(readFileSync(join(deploy, 'docker-compose.yml'), 'utf8')) as Compose

describe('deploy/ compose stack', () => {
  it('Alertmanager accepts its configuration (amtool check-config)', async () => {
    const result = await runCommand('/usr/bin/amtool', [
      'check-config',
      join(deploy, 'alertmanager/alertmanager.yml'),
    ])
    expect(result.output).toContain('SUCCESS')
    expect(result.code).toBe(0)
  })

  it('Prometheus accepts the compose configuration with every shipped rule file (promtool)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-deploy-'))
    try {
      cpSync(join(deploy, 'prometheus/rules'), join(dir, 'rules'), { recursive: true })
      const config = readFileSync(join(deploy, 'prometheus/prometheus-compose.yml'), 'utf8').replace(
        '/etc/prometheus/rules/*.yml',
        join(dir, 'rules/*.yml'),
      )
      writeFileSync(join(dir, 'prometheus.yml'), config)
      const result = await runCommand('/usr/bin/promtool', ['check', 'config', join(dir, 'prometheus.yml')])
      expect(result.output).toContain('SUCCESS')
      expect(result.output).toMatch(/rule files? found|SUCCESS: \d+ rules found/)
      expect(result.code).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('every mounted file exists and every port is bound to 127.0.0.1', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string
        expect(existsSync(resolve(deploy, source)), `${name} mounts ${source}`).toBe(true)
      }
      for (const port of service.ports ?? [])
        expect(port.startsWith('127.0.0.1:'), `${name} port ${port}`).toBe(true)
      for (const dependency of service.depends_on ?? [])
        expect(compose.services[dependency], `${name} -> ${dependency}`).toBeDefined()
    }
    expect(Object.keys(compose.services).sort()).toEqual(
      ['alertmanager', 'demo', 'grafana', 'influxdb', 'jaeger', 'otel-collector', 'prometheus'].sort(),
    )
    expect(compose.services.demo?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318')
  })

  it('the Collector pipelines name only receivers, processors and exporters it defines', () => {
    const config = parse(readFileSync(join(deploy, 'otel-collector/config.yaml'), 'utf8')) as {
      receivers: Record<string, unknown>
      processors: Record<string, unknown>
      exporters: Record<string, unknown>
      service: {
        pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }>
      }
    }
    expect(Object.keys(config.service.pipelines).sort()).toEqual(['logs', 'metrics', 'traces'])
    for (const pipeline of Object.values(config.service.pipelines)) {
      for (const r of pipeline.receivers) expect(config.receivers).toHaveProperty([r])
      for (const p of pipeline.processors) expect(config.processors).toHaveProperty([p])
      for (const e of pipeline.exporters) expect(config.exporters).toHaveProperty([e])
    }
  })

  it('Grafana is provisioned with its data sources and one dashboard per layer plus an overview', () => {
    const sources = parse(
      readFileSync(join(deploy, 'grafana/provisioning/datasources/datasources.yml'), 'utf8'),
    ) as {
      datasources: Array<{ uid: string; url: string }>
    }
    expect(sources.datasources.map((s) => s.uid).sort()).toEqual(['influxdb', 'jaeger', 'prometheus'])
    const dashboards = readdirSync(join(deploy, 'grafana')).filter((f) => f.endsWith('.json'))
    for (const file of dashboards) {
      const dashboard = JSON.parse(readFileSync(join(deploy, 'grafana', file), 'utf8')) as {
        title: string
        panels: unknown[]
      }
      expect(dashboard.title, file).toBeTruthy()
      expect(dashboard.panels.length, file).toBeGreaterThan(0)
    }
    expect(dashboards.length).toBeGreaterThanOrEqual(4)
  })
})
