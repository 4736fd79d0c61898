/**
 * Route names for server spans and the request-duration histogram. Frameworks know the route
 * template (`/users/:id`) only once they have matched it; `nameHttpRoute` records it against the
 * incoming request (or a function that reads it when the response finishes), and the tiny
 * middlewares below do that for Express, Fastify and Hono without depending on them.
 */

type RouteSource = string | (() => string | undefined)

const routes = new WeakMap<object, RouteSource>()

/**
 * Name the route of a Node `IncomingMessage` (`http.route`, and the server span's name
 * `GET /users/:id`). Give a function to read the route when the response finishes.
 */
export function nameHttpRoute(request: object, route: RouteSource): void {
  if (
    typeof request === 'object' &&
    request !== null &&
    (typeof route === 'string' || typeof route === 'function')
  ) {
    routes.set(request, route)
  }
}

/** The route named for `request`, if any. Never throws. */
export function routeOf(request: object): string | undefined {
  const source = routes.get(request)
  if (typeof source === 'string') return source === '' ? undefined : source
  if (source === undefined) return undefined
  try {
    const route = source()
    return typeof route === 'string' && route !== '' ? route : undefined
  } catch {
    return undefined
  }
}

interface ExpressLikeRequest {
  route?: { path?: unknown }
  baseUrl?: string
}

/**
 * Express middleware (`app.use(expressRoute())`, first): names the route Express matched,
 * `req.baseUrl + req.route.path`, read when the response finishes.
 */
export function expressRoute(): (request: object, response: unknown, next: () => void) => void {
  return (request, _response, next) => {
    const req = request as ExpressLikeRequest
    nameHttpRoute(request, () => {
      const path = req.route?.path
      return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : undefined
    })
    next()
  }
}

interface FastifyLikeRequest {
  raw: object
  routeOptions?: { url?: string }
  routerPath?: string
}

/** Fastify `onRequest` hook (`app.addHook('onRequest', fastifyRoute())`): Fastify has matched the route by then. */
export function fastifyRoute(): (request: FastifyLikeRequest, reply: unknown, done: () => void) => void {
  return (request, _reply, done) => {
    const route = request.routeOptions?.url ?? request.routerPath
    if (typeof route === 'string') nameHttpRoute(request.raw, route)
    done()
  }
}

interface HonoLikeContext {
  env?: { incoming?: object } | undefined
  req: { routePath?: string }
}

/** Hono middleware for `@hono/node-server` (`app.use(honoRoute())`): reads `c.req.routePath` when the response finishes. */
export function honoRoute(): <TResult>(context: HonoLikeContext, next: () => TResult) => TResult {
  return (context, next) => {
    const incoming = context.env?.incoming
    if (incoming !== undefined) nameHttpRoute(incoming, () => context.req.routePath)
    return next()
  }
}
