import type {RouteConfiguration} from '../envoy/types.js'
import {type HttpRequest, httpRequest} from '../match/request.js'
import type {RouteCheckInput} from './test-file.js'

/**
 * The request router_check_tool builds from a test's input (envoy-semantics.md §5.3), and the runtime it
 * mocks: a runtime_fraction is enabled only when the test names its key in `input.runtime` (and the random
 * value falls inside the fraction); every other one is disabled.
 */

/** router_check_tool's downstream address. */
export const DOWNSTREAM_ADDRESS = '127.0.0.1'

/** Every runtime key used by the route config's runtime_fraction matchers. */
export function runtimeKeys(rc: RouteConfiguration): Set<string> {
  const keys = new Set<string>()
  for (const vh of rc.virtualHosts ?? []) for (const r of vh.routes ?? []) if (r.match?.runtimeFraction) keys.add(r.match.runtimeFraction.runtimeKey ?? '')
  return keys
}

/**
 * The route config as the tool loads it: a runtime_fraction with numerator 0 gets numerator 1 (so that a
 * test can enable it). Returns a copy; the input is not changed.
 */
export function prepareRouteConfig(rc: RouteConfiguration): RouteConfiguration {
  return {
    ...rc,
    virtualHosts: (rc.virtualHosts ?? []).map((vh) => ({
      ...vh,
      routes: (vh.routes ?? []).map((r) => {
        const rf = r.match?.runtimeFraction
        if (!rf || (rf.defaultValue?.numerator ?? 0) !== 0) return r
        return {...r, match: {...r.match, runtimeFraction: {...rf, defaultValue: {...rf.defaultValue, numerator: 1}}}}
      }),
    })),
  }
}

/** StructUtil::update: nested objects merge, lists append, anything else is replaced. */
function mergeStruct(into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  const out = {...into}
  for (const [k, v] of Object.entries(from)) {
    const prev = out[k]
    const bothObjects = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x)
    if (bothObjects(prev) && bothObjects(v)) out[k] = mergeStruct(prev, v)
    else if (Array.isArray(prev) && Array.isArray(v)) out[k] = [...prev, ...v]
    else out[k] = v
  }
  return out
}

export function requestFromInput(input: RouteCheckInput, keys: Set<string>): HttpRequest {
  const scheme = input.ssl ? 'https' : 'http'
  const headers: [string, string][] = [['x-forwarded-proto', scheme]]
  if (input.internal) headers.push(['x-envoy-internal', 'true'])
  headers.push(...input.additionalRequestHeaders)
  const metadata: Record<string, Record<string, unknown>> = {}
  for (const d of input.dynamicMetadata) {
    const prev = metadata[d.namespace]
    if (prev === undefined) metadata[d.namespace] = d.value
    else if (d.allowOverwrite) metadata[d.namespace] = mergeStruct(prev, d.value)
  }
  // disable every runtime fraction but the one the test enables (0 overrides the numerator)
  const runtime: [string, number][] = [...keys].filter((k) => k !== input.runtime).map((k) => [k, 0])
  return httpRequest({
    authority: input.authority,
    path: input.path,
    method: input.method,
    scheme,
    ssl: input.ssl,
    internal: input.internal,
    headers,
    randomValue: input.randomValue,
    runtime,
    // the tool's stream has no downstream TLS connection, so no client certificate
    peerCertificate: {presented: false, validated: false},
    dynamicMetadata: metadata,
  })
}
