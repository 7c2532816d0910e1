import {entryShape} from '../envoy/config-dump.js'
import type {SectionShapes} from '../envoy/read-dump.js'
import {AdminPath} from '../source/proxy-source.js'
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

/** How check reads a proxy's config dump: the admin path a live proxy is asked, and the shapes to parse it to. */
export interface DumpReading {
  path: string
  shapes?: SectionShapes
}

/**
 * What `ctx` needs of each dump. A live proxy is not asked for EDS unless --expect traces requests (a trace
 * finds its endpoints there): check reads the hosts from /clusters, which has their health too, and EDS is
 * a third of a big sidecar's dump (29 % of a generated 1,000-service one). Route tests and traces read whole
 * routes and listeners, so they get no shapes. A saved dump is read as it is, EDS included.
 */
export function dumpReading(ctx: CheckContext): DumpReading {
  const path = ctx.expectations.length > 0 ? AdminPath.full : AdminPath.withoutEds
  return ctx.routeSuites.length === 0 && ctx.expectations.length === 0 ? {path, shapes: CHECK_SHAPES} : {path}
}
