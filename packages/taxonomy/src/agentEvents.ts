import { defineLayerEvents } from './eventDefinition.ts'

/** Which agent: the metadata every agent lifecycle and health event starts with. */
const agent = { agent_id: 'string', agent_type: 'string?' } as const
/** Which task, processed by which agent: the metadata of every task event. */
const task = { task_id: 'string', task_type: 'string', agent_id: 'string' } as const

/**
 * Agent layer events, `foundation_jido.*` (seed 000's FoundationJido taxonomy, seed 003's MABEAM
 * agent and coordination events, seed 002's task agent and sensors): agent registration,
 * lifecycle and health, signal dispatch, auctions and bids, coordination sessions, tasks, and
 * the performance and health sensors.
 */
export const agentEvents = defineLayerEvents('foundation_jido', {
  spans: {
    'foundation_jido.agent.registration': {
      description: 'An agent registers with its capabilities',
      metadata: { ...agent, capabilities: 'string[]?' },
      stop: {
        measurements: { startup_duration: 'ms?' },
        metadata: { success: 'boolean?', error: 'string?' },
      },
      complete: true,
    },
    'foundation_jido.signal.dispatch': {
      description: 'A signal is dispatched to its target through an adapter',
      metadata: {
        signal_type: 'string',
        adapter: 'string',
        signal_id: 'string?',
        target_type: 'string?',
        agent_id: 'string?',
      },
      stop: { metadata: { success: 'boolean?', error_category: 'string?' } },
      complete: true,
    },
    'foundation_jido.coordination.auction': {
      description: 'An auction allocates a resource among bidding agents',
      metadata: { auction_id: 'string', resource_type: 'string', participant_count: 'number?' },
      stop: {
        measurements: { bids: '{bid}?', winning_bid: '1?' },
        metadata: { success: 'boolean?', winner_count: 'number?', winner_ids: 'string[]?' },
      },
      complete: true,
    },
    'foundation_jido.coordination.session': {
      description: 'A coordination session among several agents',
      metadata: { session_id: 'string', coordination_type: 'string?', agents: 'string[]?' },
      stop: {
        measurements: { messages: '{message}?', resource_utilization: '1?' },
        metadata: { success: 'boolean?', result: 'string?' },
      },
      complete: true,
    },
  },
  events: {
    'foundation_jido.coordination.auction.bid_received': {
      description: 'An agent placed a bid in an auction.',
      metadata: { auction_id: 'string', agent_id: 'string', resource_type: 'string?' },
      measurements: { bid_value: '1' },
    },
    'foundation_jido.coordination.session.message': {
      description: 'A coordination message was sent or received; `duration` is its delivery time.',
      metadata: {
        session_id: 'string',
        from: 'string',
        to: 'string',
        type: 'string?',
        coordination_type: 'string?',
        direction: 'sent|received',
      },
      measurements: { duration: 'ms?' },
    },
    'foundation_jido.agent.started': {
      description: 'An agent process started.',
      metadata: agent,
      measurements: { startup_duration: 'ms?' },
    },
    'foundation_jido.agent.stopped': {
      description: 'An agent process stopped.',
      metadata: { ...agent, reason: 'string?' },
    },
    'foundation_jido.agent.restarted': {
      description: 'An agent was restarted by its supervisor.',
      metadata: { ...agent, restart_count: 'number', reason: 'string?' },
    },
    'foundation_jido.agent.unregistered': {
      description: 'An agent left the registry.',
      metadata: { agent_id: 'string', reason: 'string?' },
    },
    'foundation_jido.agent.health_check': {
      description: 'Periodic health report of one agent.',
      metadata: { ...agent, healthy: 'boolean', status: 'string?' },
      measurements: { queue_length: '{message}?', memory: 'By?' },
    },
    'foundation_jido.task.started': {
      description: 'An agent began processing a task.',
      metadata: task,
    },
    'foundation_jido.task.completed': {
      description: 'An agent finished a task successfully.',
      metadata: { ...task, result: 'unknown?' },
      measurements: { duration: 'ms' },
    },
    'foundation_jido.task.failed': {
      description: 'A task failed validation, processing, or threw.',
      metadata: { ...task, error: 'string' },
      measurements: { duration: 'ms?' },
    },
    'foundation_jido.performance_sensor.analysis_completed': {
      description: 'The agent performance sensor finished an analysis cycle.',
      metadata: { sensor_id: 'string', signal_type: 'string?' },
      measurements: { duration: 'ms', agents_analyzed: '{agent}', issues_detected: '{issue}' },
    },
    'foundation_jido.performance_sensor.agent_data_collected': {
      description: "The performance sensor collected one agent's data.",
      metadata: { ...agent, is_responsive: 'boolean' },
      measurements: { duration: 'ms', memory: 'By', queue_length: '{message}' },
    },
    'foundation_jido.health_sensor.analysis_completed': {
      description: 'The system health sensor finished an analysis cycle.',
      metadata: { sensor_id: 'string', health_status: 'healthy|degraded|unhealthy', signal_type: 'string?' },
      measurements: { duration: 'ms', memory_usage: '1', process_count: '{agent}' },
    },
  },
})
