/**
 * Decoding of the two network filters that decide where a connection goes: the HTTP connection manager and
 * the TCP proxy. A filter's config comes as `typed_config` (v3 or v2 `@type`) or, before Envoy 1.14, as the
 * `config` Struct; both decode to the same protojson shape here. Shared by the listener tables and trace.
 */
import {isObject, objects, text} from './lenient.js'
import {toProtoJson} from './proto-json.js'
import type {CidrRange, FilterChain, HttpConnectionManager, Listener, NetworkFilter, TcpProxy} from './types.js'

/** The names istioctl (and Envoy's `wellknown` package) give these filters today. */
export const NetworkFilterName = {
  httpConnectionManager: 'envoy.filters.network.http_connection_manager',
  tcpProxy: 'envoy.filters.network.tcp_proxy',
} as const

export type NetworkFilterKind = 'http_connection_manager' | 'tcp_proxy'

const KIND_BY_NAME = new Map<string, NetworkFilterKind>([
  [NetworkFilterName.httpConnectionManager, 'http_connection_manager'],
  [NetworkFilterName.tcpProxy, 'tcp_proxy'],
  // the names before Envoy 1.14 (Istio ≤ 1.5 dumps)
  ['envoy.http_connection_manager', 'http_connection_manager'],
  ['envoy.tcp_proxy', 'tcp_proxy'],
])

/** v3 `envoy.extensions.filters.network.X.v3.Y` and v2 `envoy.config.filter.network.X.v2.Y`. */
const KIND_BY_TYPE =
  /^type\.googleapis\.com\/envoy\.(?:extensions\.filters\.network\.(?:http_connection_manager|tcp_proxy)\.v3|config\.filter\.network\.(?:http_connection_manager|tcp_proxy)\.v2)\.(HttpConnectionManager|TcpProxy)$/

/**
 * Which of the two filters this is: by its well-known name (what istioctl looks at), else by the `@type`
 * of its typed config (what Envoy looks at when the name is not a registered one).
 */
export function networkFilterKind(filter: NetworkFilter): NetworkFilterKind | undefined {
  const byName = KIND_BY_NAME.get(text(filter.name))
  if (byName) return byName
  const m = KIND_BY_TYPE.exec(isObject(filter.typedConfig) ? text(filter.typedConfig['@type']) : '')
  if (!m) return undefined
  return m[1] === 'HttpConnectionManager' ? 'http_connection_manager' : 'tcp_proxy'
}

/** The filter's config object, typed or Struct, in protojson form. */
function configOf(filter: NetworkFilter): Record<string, unknown> {
  if (isObject(filter.typedConfig)) return filter.typedConfig
  // v2 Struct configs may keep proto field names in snake_case: normalise them like the rest of the model
  return isObject(filter.config) ? toProtoJson<Record<string, unknown>>(filter.config) : {}
}

export function httpConnectionManagerOf(filter: NetworkFilter): HttpConnectionManager | undefined {
  if (networkFilterKind(filter) !== 'http_connection_manager') return undefined
  return configOf(filter) as HttpConnectionManager
}

export function tcpProxyOf(filter: NetworkFilter): TcpProxy | undefined {
  if (networkFilterKind(filter) !== 'tcp_proxy') return undefined
  const config = configOf(filter)
  return config.deprecatedV1 === true ? fromDeprecatedV1(config) : (config as TcpProxy)
}

/**
 * Istio 0.8 wrote the Envoy v1 TCP proxy config as `{deprecated_v1: true, value: {stat_prefix,
 * route_config: {routes: [{cluster, destination_ip_list: ["10.0.0.1/32"]}]}}}`: fold it into TcpProxy's
 * `deprecatedV1.routes`.
 */
function fromDeprecatedV1(config: Record<string, unknown>): TcpProxy {
  const value = (isObject(config.value) ? config.value : {}) as {statPrefix?: string; routeConfig?: {routes?: Record<string, unknown>[]}}
  const routes = objects(isObject(value.routeConfig) ? value.routeConfig.routes : undefined).map((r) => ({
    cluster: typeof r.cluster === 'string' ? r.cluster : undefined,
    destinationIpList: Array.isArray(r.destinationIpList) ? r.destinationIpList.map(cidrOf) : undefined,
    destinationPorts: typeof r.destinationPorts === 'string' ? r.destinationPorts : undefined,
  }))
  return {statPrefix: typeof value.statPrefix === 'string' ? value.statPrefix : undefined, deprecatedV1: {routes}}
}

function cidrOf(v: unknown): CidrRange {
  if (isObject(v)) return v as CidrRange
  if (typeof v !== 'string') return {}
  const [addressPrefix, len] = v.split('/')
  return {addressPrefix, prefixLen: len === undefined ? undefined : Number(len)}
}

/** A listener's filter chains in the order istioctl lists them: `filter_chains`, then `default_filter_chain`. */
export function filterChainsOf(listener: Listener): FilterChain[] {
  const chains = objects(listener.filterChains)
  if (isObject(listener.defaultFilterChain)) chains.push(listener.defaultFilterChain)
  return chains
}
