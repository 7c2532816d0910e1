import {entryShape} from '../envoy/config-dump.js'
import type {SectionShapes} from '../envoy/read-dump.js'
import {ENDPOINT_FIELDS} from '../trace/endpoints.js'
import {LISTENER_REFS, ROUTE_REFS} from './rules/references.js'
import type {CheckContext} from './types.js'

/**
 * What check's rules read of a config dump's listeners, clusters and route configurations: the fields of
 * their reduced views (the references and endpoint rules read nothing else of these resources), and every
 * entry's name, state and error. Secrets, EDS and the bootstrap are read whole. Parsed to this shape, an
 * Istio sidecar's dump keeps about a quarter of its bytes, and a fleet's garbage shrinks with it.
 */
export const CHECK_SHAPES: SectionShapes = {
  listeners: entryShape('listeners', {name: true, ...LISTENER_REFS}),
  clusters: entryShape('clusters', ENDPOINT_FIELDS),
  routes: entryShape('routes', ROUTE_REFS),
}

/** The shapes to parse a dump to for `ctx`: none when route tests or --expect trace requests, which read whole routes. */
export function checkShapes(ctx: CheckContext): SectionShapes | undefined {
  return ctx.routeSuites.length === 0 && ctx.expectations.length === 0 ? CHECK_SHAPES : undefined
}
