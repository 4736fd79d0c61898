import { packageBuild } from '../../tooling/tsdown.ts'

export default packageBuild([
  'src/prometheus.ts',
  'src/otlp.ts',
  'src/statsd.ts',
  'src/datadog.ts',
  'src/cloudwatch-emf.ts',
  'src/jsonl.ts',
  'src/cluster.ts',
  'src/influx.ts',
  'src/pino.ts',
  'src/winston.ts',
])
