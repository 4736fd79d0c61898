import { bucketAdvice, counter, defineMetrics, gauge, histogram } from './metricDefinition.ts'

const registration = 'foundation_jido.agent.registration'
const dispatch = 'foundation_jido.signal.dispatch'
const auction = 'foundation_jido.coordination.auction'
const session = 'foundation_jido.coordination.session'

/**
 * Agent layer metrics: seed 000's FoundationJido KPIs and IntegrationCollector metrics, and the
 * task and agent-health metrics of seeds 002 and 003.
 */
export const agentMetrics = defineMetrics('foundation_jido', [
  counter('foundation_jido.agent.registrations', {
    unit: '{registration}',
    description: 'Agent registrations, by success and agent type.',
    tagKeys: ['success', 'agent_type'],
    events: [`${registration}.stop`, `${registration}.complete`, `${registration}.exception`],
  }),
  histogram('foundation_jido.agent.startup_duration', {
    unit: 'ms',
    description: 'Time for an agent to start and register.',
    tagKeys: ['agent_type'],
    buckets: bucketAdvice.requestMs,
    measurement: 'startup_duration',
    events: [`${registration}.stop`, `${registration}.complete`, 'foundation_jido.agent.started'],
  }),
  gauge('foundation_jido.agents.active_count', {
    unit: '{agent}',
    description: 'Agents currently running.',
    tagKeys: ['agent_type'],
    kpi: true,
    recordedByCode: true,
    events: ['foundation_jido.agent.started', 'foundation_jido.agent.stopped'],
  }),
  gauge('foundation_jido.agents.healthy', {
    unit: '{agent}',
    description: 'Agents whose last health check passed.',
    tagKeys: ['agent_type'],
    recordedByCode: true,
    events: ['foundation_jido.agent.health_check'],
  }),
  counter('foundation_jido.agent.restarts', {
    unit: '{restart}',
    description: 'Agent restarts by their supervisor.',
    tagKeys: ['agent_type'],
    events: ['foundation_jido.agent.restarted'],
  }),
  counter('foundation_jido.signal.dispatches', {
    unit: '{signal}',
    description: 'Signal dispatches, by adapter, success and target type.',
    tagKeys: ['adapter', 'success', 'target_type'],
    events: [`${dispatch}.stop`, `${dispatch}.complete`, `${dispatch}.exception`],
  }),
  histogram('foundation_jido.signal.dispatch_duration', {
    unit: 'ms',
    description: 'Signal dispatch time.',
    tagKeys: ['adapter'],
    buckets: bucketAdvice.requestMs,
    events: [`${dispatch}.stop`, `${dispatch}.complete`],
  }),
  counter('foundation_jido.signal.dispatch_failures', {
    unit: '{signal}',
    description: 'Failed signal dispatches, by adapter and error category.',
    tagKeys: ['adapter', 'error_category'],
    events: [`${dispatch}.stop`, `${dispatch}.complete`, `${dispatch}.exception`],
  }),
  gauge('foundation_jido.signal.dispatch_success_rate', {
    unit: '1',
    description: 'Successful over total signal dispatches in the recent window (alert below 0.9).',
    tagKeys: ['adapter'],
    kpi: true,
    recordedByCode: true,
    events: [`${dispatch}.stop`, `${dispatch}.complete`, `${dispatch}.exception`],
  }),
  counter('foundation_jido.auction.started', {
    unit: '{auction}',
    description: 'Auctions opened.',
    tagKeys: ['resource_type'],
    events: [`${auction}.start`],
  }),
  counter('foundation_jido.auction.bids', {
    unit: '{bid}',
    description: 'Bids received.',
    tagKeys: ['resource_type'],
    events: [`${auction}.bid_received`],
  }),
  counter('foundation_jido.auction.completed', {
    unit: '{auction}',
    description: 'Auctions closed, by success.',
    tagKeys: ['resource_type', 'success'],
    events: [`${auction}.complete`, `${auction}.stop`, `${auction}.exception`],
  }),
  histogram('foundation_jido.auction.duration', {
    unit: 'ms',
    description: 'Time from opening an auction to closing it.',
    tagKeys: ['resource_type'],
    buckets: bucketAdvice.requestMs,
    events: [`${auction}.complete`, `${auction}.stop`],
  }),
  gauge('foundation_jido.auction.participation_rate', {
    unit: '1',
    description: 'Agents that bid over agents invited, pooled over the auctions of the recent window.',
    tagKeys: ['resource_type'],
    kpi: true,
    recordedByCode: true,
    events: [`${auction}.start`, `${auction}.bid_received`, `${auction}.complete`],
  }),
  gauge('foundation_jido.auction.fairness_score', {
    unit: '1',
    description: "Jain's fairness index of wins across bidding agents (1 = evenly spread).",
    tagKeys: ['resource_type'],
    kpi: true,
    recordedByCode: true,
    events: [`${auction}.complete`],
  }),
  counter('foundation_jido.coordinations', {
    unit: '{coordination}',
    description: 'Coordinations (sessions and auctions), by type and success.',
    tagKeys: ['coordination_type', 'success'],
    events: [`${session}.complete`, `${session}.stop`, `${session}.exception`, `${auction}.complete`],
  }),
  histogram('foundation_jido.coordination.duration', {
    unit: 'ms',
    description: 'Coordination session time.',
    tagKeys: ['coordination_type'],
    buckets: bucketAdvice.requestMs,
    events: [`${session}.complete`, `${session}.stop`],
  }),
  counter('foundation_jido.coordination.messages', {
    unit: '{message}',
    description: 'Coordination messages, by direction (sent, received).',
    tagKeys: ['coordination_type', 'direction'],
    events: [`${session}.message`],
  }),
  gauge('foundation_jido.coordination.success_rate', {
    unit: '1',
    description: 'Successful over total coordinations in the recent window (alert below 0.8).',
    tagKeys: ['coordination_type'],
    kpi: true,
    recordedByCode: true,
    events: [`${session}.complete`, `${session}.stop`, `${session}.exception`],
  }),
  gauge('foundation_jido.coordination.average_duration', {
    unit: 'ms',
    description: 'Mean coordination time in the recent window.',
    tagKeys: ['coordination_type'],
    kpi: true,
    recordedByCode: true,
    events: [`${session}.complete`, `${session}.stop`],
  }),
  gauge('foundation_jido.coordination.resource_utilization', {
    unit: '1',
    description: 'Allocated over available resources across recent coordinations.',
    tagKeys: ['coordination_type'],
    kpi: true,
    recordedByCode: true,
    events: [`${session}.complete`, `${session}.stop`],
  }),
  counter('foundation_jido.task.started', {
    unit: '{task}',
    description: 'Tasks agents began.',
    tagKeys: ['task_type'],
    events: ['foundation_jido.task.started'],
  }),
  counter('foundation_jido.task.completed', {
    unit: '{task}',
    description: 'Tasks agents finished successfully.',
    tagKeys: ['task_type'],
    events: ['foundation_jido.task.completed'],
  }),
  counter('foundation_jido.task.failed', {
    unit: '{task}',
    description: 'Tasks that failed.',
    tagKeys: ['task_type'],
    events: ['foundation_jido.task.failed'],
  }),
  histogram('foundation_jido.task.duration', {
    unit: 'ms',
    description: 'Task processing time.',
    tagKeys: ['task_type'],
    buckets: bucketAdvice.requestMs,
    events: ['foundation_jido.task.completed', 'foundation_jido.task.failed'],
  }),
  counter('foundation_jido.sensor.issues_detected', {
    unit: '{issue}',
    description: 'Issues the agent performance sensor found.',
    tagKeys: [],
    measurement: 'issues_detected',
    events: ['foundation_jido.performance_sensor.analysis_completed'],
  }),
  counter('foundation_jido.agent.health_checks', {
    unit: '{check}',
    description: 'Agent health checks, by agent type and result.',
    tagKeys: ['agent_type', 'healthy'],
    events: ['foundation_jido.agent.health_check'],
  }),
  histogram('foundation_jido.sensor.analysis_duration', {
    unit: 'ms',
    description: 'Time of one analysis cycle of the agent performance or system health sensor.',
    tagKeys: ['sensor_id'],
    buckets: bucketAdvice.requestMs,
    events: [
      'foundation_jido.performance_sensor.analysis_completed',
      'foundation_jido.health_sensor.analysis_completed',
    ],
  }),
])
