import { describe, expectTypeOf, it } from 'vitest'
import type { EmfExporter } from '../src/cloudwatch-emf.ts'
import type { DatadogExporter, DatadogExporterOptions } from '../src/datadog.ts'
import type { InfluxExporter, InfluxExporterOptions } from '../src/influx.ts'
import type { JsonlExporter } from '../src/jsonl.ts'
import type { OtlpExporter, OtlpExporterOptions } from '../src/otlp.ts'
import type { ExporterLifecycle } from '../src/shared/exporterLifecycle.ts'
import type { HttpExporterBaseOptions } from '../src/shared/httpExporterContext.ts'
import type { StatsdExporter } from '../src/statsd.ts'

describe('exporter types', () => {
  it('every push exporter offers the shared lifecycle (health, forceFlush, shutdown)', () => {
    expectTypeOf<OtlpExporter>().toExtend<ExporterLifecycle>()
    expectTypeOf<StatsdExporter>().toExtend<ExporterLifecycle>()
    expectTypeOf<DatadogExporter>().toExtend<ExporterLifecycle>()
    expectTypeOf<InfluxExporter>().toExtend<ExporterLifecycle>()
    expectTypeOf<EmfExporter>().toExtend<ExporterLifecycle>()
    expectTypeOf<JsonlExporter>().toExtend<ExporterLifecycle>()
  })

  it('every HTTP exporter takes the shared HTTP options', () => {
    expectTypeOf<OtlpExporterOptions>().toExtend<HttpExporterBaseOptions>()
    expectTypeOf<DatadogExporterOptions>().toExtend<HttpExporterBaseOptions>()
    expectTypeOf<InfluxExporterOptions>().toExtend<HttpExporterBaseOptions>()
  })
})
