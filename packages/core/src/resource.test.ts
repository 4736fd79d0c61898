import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { parseResourceAttributes, resolveResource } from './resource.ts'

describe('resource', () => {
  it('parses OTEL_RESOURCE_ATTRIBUTES with percent-decoding, reporting malformed entries', () => {
    const errors: TelemetryError[] = []
    const parsed = parseResourceAttributes(
      'team=ml%20ops, region=eu-west-1,broken,=nokey,bad=%E0%A4%A,',
      (e) => errors.push(e),
    )
    expect(parsed).toEqual({ team: 'ml ops', region: 'eu-west-1' })
    expect(errors).toHaveLength(3)
    expect(errors.every((e) => e.code === 'invalid_input')).toBe(true)
  })

  it('prefers options, then OTEL_SERVICE_NAME, then resource attributes, then defaults', () => {
    const report = () => {}
    const env = {
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,team=core',
      NODE_ENV: 'production',
    }
    expect(resolveResource({ env, report }).service).toBe('from-env')
    expect(resolveResource({ env, report, service: 'from-options' }).service).toBe('from-options')
    expect(
      resolveResource({ env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs' }, report }).service,
    ).toBe('from-attrs')
    expect(resolveResource({ env: {}, report }).service).toBe('unknown_service:node')
    expect(resolveResource({ env, report }).environment).toBe('production')
    expect(resolveResource({ env: {}, report }).environment).toBe('development')
    expect(resolveResource({ env, report, environment: 'staging' }).environment).toBe('staging')
  })

  it('builds resource attributes: options over environment, identity keys last', () => {
    const resolved = resolveResource({
      env: { OTEL_RESOURCE_ATTRIBUTES: 'team=env,region=eu' },
      resource: { team: 'options' },
      service: 'svc',
      layer: 'foundation',
      report: () => {},
    })
    expect(resolved.attributes).toMatchObject({
      team: 'options',
      region: 'eu',
      'service.name': 'svc',
      'foundation.layer': 'foundation',
      'deployment.environment.name': 'development',
      'process.pid': process.pid,
      'telemetry.sdk.language': 'nodejs',
    })
    expect(typeof resolved.attributes['host.name']).toBe('string')
  })
})
