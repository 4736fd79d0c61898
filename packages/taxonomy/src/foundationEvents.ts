import { defineLayerEvents } from './eventDefinition.ts'

const health = 'healthy|degraded|unhealthy'
const breakerState = 'closed|open|half_open'

/**
 * Foundation layer events (seeds 000, 002, 003): process registry, circuit breaker, rate limiter,
 * retry, connection pool, service lifecycle and health, resource manager, cache, async operations.
 * The seeds' `infrastructure` segment is dropped (`foundation.circuit_breaker.state_change`), as
 * DESIGN.md spells it.
 */
export const foundationEvents = defineLayerEvents('foundation', {
  spans: {
    'foundation.process_registry.register': {
      description: 'A process registers under a key in the process registry',
      metadata: { key: 'string', namespace: 'string?', process_type: 'string?' },
      stop: { metadata: { success: 'boolean?', error: 'string?' } },
      complete: true,
    },
    'foundation.process_registry.lookup': {
      description: 'A process registry lookup by key',
      metadata: { key: 'string', namespace: 'string?' },
      stop: { metadata: { found: 'boolean?' } },
    },
    'foundation.process_registry.unregister': {
      description: 'A process leaves the process registry',
      metadata: { key: 'string', namespace: 'string?' },
    },
    'foundation.circuit_breaker.call': {
      description: 'A call guarded by a circuit breaker',
      metadata: { name: 'string', state: `${breakerState}?` },
      stop: { metadata: { success: 'boolean?' } },
    },
    'foundation.retry.attempt': {
      description: 'One attempt of a retried operation',
      metadata: { operation: 'string', attempt: 'number', max_attempts: 'number?' },
    },
    'foundation.async': {
      description: 'An asynchronous operation (background job, deferred work)',
      metadata: { operation: 'string', operation_id: 'string?' },
    },
    'foundation.rate_limiter.job': {
      description: 'A job a rate limiter admitted, from the moment it starts running until it ends',
      metadata: { limiter: 'string', job_id: 'string?' },
    },
  },
  events: {
    'foundation.circuit_breaker.state_change': {
      description: 'A circuit breaker moved between closed, open and half-open.',
      metadata: { name: 'string', from: breakerState, to: breakerState, reason: 'string?' },
      measurements: { failure_count: '{failure}?' },
    },
    'foundation.circuit_breaker.call.rejected': {
      description:
        'A call was refused without running: the breaker is open, or its concurrency limit is reached.',
      metadata: { name: 'string', reason: 'string?' },
    },
    'foundation.circuit_breaker.fallback': {
      description: 'A circuit breaker answered a failed or rejected call with its fallback.',
      metadata: { name: 'string', reason: 'string?' },
    },
    'foundation.circuit_breaker.health_check': {
      description: 'Periodic health report of one circuit breaker.',
      metadata: { name: 'string', healthy: 'boolean', state: breakerState },
    },
    'foundation.rate_limiter.allowed': {
      description: 'A rate limiter admitted a request.',
      metadata: { limiter: 'string', bucket: 'string?' },
      measurements: { remaining: '{request}?', limit: '{request}?' },
    },
    'foundation.rate_limiter.queued': {
      description: 'A rate limiter queued a request until it may run.',
      metadata: { limiter: 'string', job_id: 'string?' },
      measurements: { queued: '{request}?', running: '{request}?' },
    },
    'foundation.rate_limiter.depleted': {
      description: 'A rate limiter used up its reservoir; requests wait for it to be refilled.',
      metadata: { limiter: 'string' },
    },
    'foundation.rate_limiter.throttled': {
      description: 'A rate limiter refused a request over its limit.',
      metadata: { limiter: 'string', bucket: 'string?' },
      measurements: { retry_after: 'ms?', limit: '{request}?' },
    },
    'foundation.retry.backoff': {
      description: 'A retry waits before the next attempt.',
      metadata: { operation: 'string', attempt: 'number', strategy: 'string?' },
      measurements: { delay: 'ms' },
    },
    'foundation.retry.exhausted': {
      description: 'Every attempt failed; the operation gives up.',
      metadata: { operation: 'string', total_attempts: 'number', final_error: 'string?' },
      measurements: { duration: 'ms?' },
    },
    'foundation.connection_pool.created': {
      description: 'A connection pool was created.',
      metadata: { pool_id: 'string' },
      measurements: { size: '{connection}' },
    },
    'foundation.connection_pool.checkout': {
      description: 'A connection was taken from a pool; `duration` is the wait for it.',
      metadata: { pool_id: 'string' },
      measurements: { duration: 'ms', active: '{connection}?', idle: '{connection}?' },
    },
    'foundation.connection_pool.checkin': {
      description: 'A connection was returned to its pool; `duration` is how long it was held.',
      metadata: { pool_id: 'string' },
      measurements: { duration: 'ms?', active: '{connection}?', idle: '{connection}?' },
    },
    'foundation.connection_pool.exhausted': {
      description: 'A checkout found every connection in use.',
      metadata: { pool_id: 'string' },
      measurements: { size: '{connection}', waiting: '{request}?' },
    },
    'foundation.connection_pool.failed': {
      description: 'Opening or using a pooled connection failed.',
      metadata: { pool_id: 'string', error: 'string' },
    },
    'foundation.connection_pool.health': {
      description: 'Periodic pool report: active and idle connections.',
      metadata: { pool_id: 'string' },
      measurements: { active: '{connection}', idle: '{connection}', size: '{connection}?' },
    },
    'foundation.service.started': {
      description: 'A service initialised.',
      metadata: { service: 'string' },
      measurements: { duration: 'ms?' },
    },
    'foundation.service.ready': {
      description: 'A service is ready to serve; `duration` is the time since it started.',
      metadata: { service: 'string' },
      measurements: { duration: 'ms?' },
    },
    'foundation.service.stopped': {
      description: 'A service stopped.',
      metadata: { service: 'string', reason: 'string?' },
    },
    'foundation.service.restarted': {
      description: 'A service recovered from a crash.',
      metadata: { service: 'string', restart_count: 'number', reason: 'string?' },
    },
    'foundation.service.health_check': {
      description: 'Periodic health status of a service.',
      metadata: { service: 'string', status: health, details: 'object?' },
      measurements: { duration: 'ms?' },
    },
    'foundation.service.health_change': {
      description: 'A service health status changed.',
      metadata: { service: 'string', from: health, to: health, reason: 'string?' },
    },
    'foundation.resource_manager.acquired': {
      description: 'A resource token was granted.',
      metadata: { resource_type: 'string', token_id: 'string?' },
      measurements: { active_tokens: '{token}?' },
    },
    'foundation.resource_manager.released': {
      description: 'A resource token was released.',
      metadata: { resource_type: 'string', token_id: 'string?' },
      measurements: { active_tokens: '{token}?', held: 'ms?' },
    },
    'foundation.resource_manager.denied': {
      description: 'A resource request was refused (limit reached or memory pressure).',
      metadata: { resource_type: 'string', reason: 'string' },
    },
    'foundation.resource_manager.cleanup': {
      description: 'A resource manager cleanup cycle finished.',
      measurements: { duration: 'ms', expired_tokens: '{token}', active_tokens: '{token}', memory: 'By?' },
    },
    'foundation.resource.acquired': {
      description: 'A resource was taken from a bounded pool of resources; `duration` is the wait for it.',
      metadata: { resource_type: 'string', resource_id: 'string?' },
      measurements: { duration: 'ms?', in_use: '{resource}?' },
    },
    'foundation.resource.released': {
      description: 'A resource was given back (cleanup completed); `held` is how long it was used.',
      metadata: { resource_type: 'string', resource_id: 'string?' },
      measurements: { held: 'ms?', in_use: '{resource}?' },
    },
    'foundation.resource.exhausted': {
      description: 'A resource was asked for while every one was in use (the pool is full).',
      metadata: { resource_type: 'string' },
      measurements: { limit: '{resource}?', waiting: '{request}?' },
    },
    'foundation.process.restarted': {
      description: 'A supervised process was restarted after it exited or crashed.',
      metadata: { process: 'string', reason: 'string?' },
      measurements: { restart_count: '{restart}?' },
    },
    'foundation.bulkhead.rejected': {
      description: 'A bulkhead refused a call because its execution and queue slots were full.',
      metadata: { name: 'string' },
      measurements: { execution_slots: '{slot}?', queue_slots: '{slot}?' },
    },
    'foundation.timeout': {
      description: 'An operation was cancelled by a timeout policy.',
      metadata: { operation: 'string' },
      measurements: { timeout: 'ms?' },
    },
    'foundation.cache.hit': {
      description: 'A cache lookup found a live entry.',
      metadata: { cache: 'string', key: 'string?' },
      measurements: { duration: 'ms?' },
    },
    'foundation.cache.miss': {
      description: 'A cache lookup found nothing, or only an expired entry.',
      metadata: { cache: 'string', key: 'string?', reason: 'not_found|expired' },
      measurements: { duration: 'ms?' },
    },
    'foundation.cache.eviction': {
      description: 'Entries left a cache before being read.',
      metadata: { cache: 'string', reason: 'expired|capacity|manual' },
      measurements: { count: '{entry}' },
    },
    'foundation.cache.cleanup': {
      description: 'A cache expiry sweep finished.',
      metadata: { cache: 'string' },
      measurements: { duration: 'ms', expired: '{entry}', size: '{entry}?' },
    },
  },
})
