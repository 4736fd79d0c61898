/**
 * Hostile values for the fuzz: the inputs that broke "never throws" before (Proxies that throw
 * on every trap, throwing getters, throwing `toString`/`valueOf`/`Symbol.toPrimitive`, revoked
 * Proxies, thenables whose `then` throws) plus the usual edge values.
 */

const boom = () => {
  throw new Error('hostile: trap')
}

/** A Proxy whose every trap throws. */
export function throwingProxy(): object {
  return new Proxy(
    {},
    {
      get: boom,
      has: boom,
      ownKeys: boom,
      getOwnPropertyDescriptor: boom,
      getPrototypeOf: boom,
      set: boom,
      defineProperty: boom,
      deleteProperty: boom,
      apply: boom,
      construct: boom,
      isExtensible: boom,
      preventExtensions: boom,
      setPrototypeOf: boom,
    },
  )
}

/** What a hostile callback throws when called: the caller's own error, not telemetry's. */
export const CALLBACK_ERROR = 'hostile: callback'

const callbackBoom = () => {
  throw new Error(CALLBACK_ERROR)
}

/** A function Proxy whose every trap throws (callable, constructible). */
export function throwingFunctionProxy(): object {
  return new Proxy(function target() {}, {
    get: boom,
    apply: callbackBoom,
    construct: callbackBoom,
    ownKeys: boom,
    has: boom,
  })
}

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

function throwingGetters(): object {
  const o: Record<string, unknown> = {}
  for (const key of [
    'name',
    'telemetry',
    'value',
    'tags',
    'attributes',
    'port',
    'host',
    'then',
    'length',
    'code',
  ]) {
    Object.defineProperty(o, key, { enumerable: true, get: boom })
  }
  return o
}

function throwingConversions(): object {
  return { toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom, toJSON: boom }
}

function cyclic(): object {
  const o: Record<string, unknown> = { a: 1 }
  o.self = o
  o.list = [o]
  return o
}

function deep(): object {
  let o: Record<string, unknown> = { leaf: 'x' }
  for (let i = 0; i < 200; i++) o = { next: o }
  return o
}

/** Every hostile value, freshly made (some are stateful). */
export function hostileValues(): unknown[] {
  return [
    throwingProxy(),
    throwingFunctionProxy(),
    revoked(),
    throwingGetters(),
    throwingConversions(),
    // biome-ignore lint/suspicious/noThenProperty: a thenable whose then throws is one of the hostile inputs.
    { then: boom },
    Object.defineProperty({}, 'then', { get: boom }),
    { a: throwingConversions(), b: throwingProxy() },
    [throwingConversions(), throwingProxy()],
    JSON.parse('{"__proto__":{"x":1},"constructor":"c"}'),
    Object.create(null),
    cyclic(),
    deep(),
    Symbol('hostile'),
    10n ** 30n,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -Number.MAX_VALUE,
    -0,
    '',
    'x\u0000y',
    'a.'.repeat(2_000),
    '\ud800',
    [],
    new Array(5),
    callbackBoom,
    async () => callbackBoom(),
    new Date(Number.NaN),
    /(a+)+$/,
    null,
    undefined,
    true,
    Object.freeze({ frozen: true }),
  ]
}
