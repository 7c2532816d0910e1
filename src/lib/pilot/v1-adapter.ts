import {ConfigDump} from '../envoy/config-dump.js'
import type {Trace} from '../trace/types.js'
import type {V1Cluster, V1Filter, V1Host, V1Listener, V1Route, V1RouteConfig, V1Snapshot} from './v1-types.js'

/**
 * Turns Pilot v1 REST answers (api-v1 JSON) into a v3 admin ConfigDump, so that `trace-route --pilot-api v1`
 * walks the same engine: LDS listeners (the `use_original_dst` virtual listener on 15001 hands off to the
 * `bind_to_port: false` port listener), `rds.route_config_name` → RDS route configs, routes' `cluster` →
 * CDS (`out.<fqdn>|<port-name>`, type sds with `service_name`) → SDS hosts as the EDS section, keyed by the
 * service key. Only the fields the trace reads are carried over; v1 filters meshscope does not model
 * (mixer, mongo_proxy…) keep their names so the walkthrough shows them.
 */
export function v1ConfigDump(snap: V1Snapshot): ConfigDump {
  const t = (name: string) => `type.googleapis.com/envoy.admin.v3.${name}`
  return new ConfigDump([
    {'@type': t('ListenersConfigDump'), dynamic_listeners: snap.listeners.map((l) => ({name: l.name, active_state: {listener: listener(l)}}))},
    {'@type': t('RoutesConfigDump'), dynamic_route_configs: Object.entries(snap.routes).map(([name, rc]) => ({route_config: routeConfig(name, rc)}))},
    {'@type': t('ClustersConfigDump'), dynamic_active_clusters: snap.clusters.map((c) => ({cluster: cluster(c)}))},
    {'@type': t('EndpointsConfigDump'), dynamic_endpoint_configs: Object.entries(snap.registrations).map(([key, hosts]) => ({endpoint_config: assignment(key, hosts)}))},
  ])
}

/** `tcp://IP:PORT` → a v3 socket address. */
export function socketAddress(url: string): {address: string; port_value: number} {
  const m = /^tcp:\/\/(.+):(\d+)$/.exec(url)
  if (!m) return {address: url, port_value: 0}
  return {address: m[1], port_value: Number(m[2])}
}

const HCM = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'
const TCP_PROXY = 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy'

function listener(l: V1Listener): Record<string, unknown> {
  return {
    '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener',
    name: l.name,
    address: {socket_address: socketAddress(l.address)},
    filter_chains: [{filters: l.filters.map(networkFilter)}],
    ...(l.use_original_dst ? {use_original_dst: true} : {}),
    ...(l.bind_to_port === false ? {bind_to_port: false} : {}),
  }
}

function networkFilter(f: V1Filter): Record<string, unknown> {
  const config = f.config ?? {}
  if (f.name === 'http_connection_manager') {
    const rds = config.rds as {route_config_name?: string} | undefined
    const inline = config.route_config as V1RouteConfig | undefined
    const httpFilters = ((config.filters ?? []) as V1Filter[]).map((h) => ({name: h.name === 'router' ? 'envoy.filters.http.router' : h.name}))
    return {
      name: 'envoy.filters.network.http_connection_manager',
      typed_config: {
        '@type': HCM,
        stat_prefix: config.stat_prefix,
        ...(rds?.route_config_name !== undefined ? {rds: {route_config_name: rds.route_config_name, config_source: {ads: {}}}} : {}),
        ...(inline ? {route_config: routeConfig('(inline)', inline)} : {}),
        http_filters: httpFilters,
      },
    }
  }
  if (f.name === 'tcp_proxy') {
    // api-v1 tcp_proxy routes by destination; the first route's cluster is what a plain connection gets
    const routes = ((config.route_config as {routes?: {cluster: string}[]} | undefined)?.routes ?? [])
    return {name: 'envoy.filters.network.tcp_proxy', typed_config: {'@type': TCP_PROXY, stat_prefix: config.stat_prefix, cluster: routes[0]?.cluster}}
  }
  return {name: f.name}
}

function routeConfig(name: string, rc: V1RouteConfig): Record<string, unknown> {
  return {
    '@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
    name,
    virtual_hosts: (rc.virtual_hosts ?? []).map((vh) => ({name: vh.name, domains: vh.domains, routes: vh.routes.map(route)})),
    ...(rc.validate_clusters !== undefined ? {validate_clusters: rc.validate_clusters} : {}),
  }
}

function route(r: V1Route): Record<string, unknown> {
  const match: Record<string, unknown> = r.path !== undefined ? {path: r.path} : {prefix: r.prefix ?? '/'}
  if (r.headers?.length) {
    match.headers = r.headers.map((h) =>
      h.regex ? {name: h.name, safe_regex_match: {regex: h.value}} : h.value === undefined ? {name: h.name, present_match: true} : {name: h.name, exact_match: h.value},
    )
  }
  const action: Record<string, unknown> = r.weighted_clusters
    ? {weighted_clusters: {clusters: r.weighted_clusters.clusters.map((c) => ({name: c.name, weight: c.weight}))}}
    : {cluster: r.cluster}
  if (r.prefix_rewrite !== undefined) action.prefix_rewrite = r.prefix_rewrite
  if (r.host_rewrite !== undefined) action.host_rewrite_literal = r.host_rewrite
  if (r.timeout_ms !== undefined) action.timeout = `${r.timeout_ms / 1000}s`
  return {match, route: action}
}

const CLUSTER_TYPES: Record<string, string> = {sds: 'EDS', static: 'STATIC', strict_dns: 'STRICT_DNS', logical_dns: 'LOGICAL_DNS', original_dst: 'ORIGINAL_DST'}

function cluster(c: V1Cluster): Record<string, unknown> {
  const type = CLUSTER_TYPES[c.type] ?? c.type.toUpperCase()
  const out: Record<string, unknown> = {
    '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
    name: c.name,
    type,
    ...(c.connect_timeout_ms !== undefined ? {connect_timeout: `${c.connect_timeout_ms / 1000}s`} : {}),
  }
  if (type === 'EDS') out.eds_cluster_config = {eds_config: {ads: {}}, service_name: c.service_name ?? c.name}
  else if (c.hosts?.length) {
    out.load_assignment = {cluster_name: c.name, endpoints: [{lb_endpoints: c.hosts.map((h) => ({endpoint: {address: {socket_address: socketAddress(h.url)}}}))}]}
  }
  return out
}

function assignment(serviceKey: string, hosts: V1Host[]): Record<string, unknown> {
  return {
    '@type': 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
    cluster_name: serviceKey,
    endpoints: [{lb_endpoints: hosts.map((h) => ({endpoint: {address: {socket_address: {address: h.ip_address, port_value: h.port}}}, health_status: 'HEALTHY'}))}],
  }
}

/** A trace over a v1 snapshot, with each hop named after the v1 API it came from (EDS did not exist: SDS). */
export function asV1Trace(trace: Trace): Trace {
  return {...trace, hops: trace.hops.map((h) => (h.stage === 'EDS' ? {...h, stage: 'SDS'} : h))}
}
