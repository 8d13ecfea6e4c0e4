// Every route of the app, read from Express 5's router stack, for tests generated from the router.
import type express from 'express'

export type RouteKey = `${'GET' | 'POST'} ${string}`

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }

export function listRoutes(app: express.Express): RouteKey[] {
  const out: RouteKey[] = []
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${layer.route.path}` as RouteKey)
      else if (layer.handle?.stack) walk(layer.handle.stack)
    }
  }
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack)
  return [...new Set(out)]
}

/** a route's path with its parameters filled in: `resolve` gets each parameter's name and the route */
export function fillPath(path: string, resolve: (param: string, path: string) => string | number): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(resolve(name, path))))
}
