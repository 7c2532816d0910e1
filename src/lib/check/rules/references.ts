import type {ConfigDump} from '../../envoy/config-dump.js'
import {filterChainsOf, httpConnectionManagerOf, tcpProxyOf} from '../../envoy/filters.js'
import {pickProtoJson, type Shape} from '../../envoy/proto-json.js'
import type {HttpConnectionManager, Listener, RouteConfiguration} from '../../envoy/types.js'
import type {Draft, Rule} from '../types.js'

/** A cluster named by the config, and where. */
interface ClusterRef {
  cluster: string
  /** `route/<config>/<vhost>/<route>` or `listener/<name>` */
  from: string
}

/**
 * What these rules read of a network filter: its name and type (networkFilterKind), and of an HTTP
 * connection manager or TCP proxy config (typed, or the v2 `config` Struct) where it sends traffic.
 */
const FILTER_REFS: Shape = {
  name: true,
  typed_config: {'@type': true, rds: true, route_config: true, cluster: true, weighted_clusters: true},
  config: {rds: true, route_config: true, cluster: true, weighted_clusters: true, deprecated_v1: true, value: true},
}
export const LISTENER_REFS: Shape = {filter_chains: {filters: FILTER_REFS}, default_filter_chain: {filters: FILTER_REFS}}
export const ROUTE_REFS: Shape = {
  name: true,
  virtual_hosts: {name: true, routes: {name: true, route: {cluster: true, weighted_clusters: {clusters: {name: true}}, request_mirror_policies: {cluster: true}}}},
}

/**
 * The active listeners, reduced to what names a route config or a cluster. Converting whole listeners (HTTP
 * filters, TLS contexts, access logs) for this was most of check's garbage over a fleet.
 */
const listenerViews = new WeakMap<ConfigDump, {name: string; listener: Listener}[]>()
export function activeListenerRefs(dump: ConfigDump): {name: string; listener: Listener}[] {
  let views = listenerViews.get(dump)
  if (!views) {
    views = dump.listeners.filter((l) => l.state === 'ACTIVE').map((l) => ({name: l.name, listener: pickProtoJson<Listener>(l.raw, LISTENER_REFS)}))
    listenerViews.set(dump, views)
  }
  return views
}

/** A route configuration reduced to the clusters its routes name (see activeListenerRefs). */
export const routeRefsView = (raw: unknown): RouteConfiguration => pickProtoJson<RouteConfiguration>(raw, ROUTE_REFS)

/** The active listeners' HTTP connection managers, with the listener name. */
function connectionManagers(dump: ConfigDump): {listener: string; hcm: HttpConnectionManager}[] {
  const out: {listener: string; hcm: HttpConnectionManager}[] = []
  for (const {name, listener} of activeListenerRefs(dump)) {
    for (const chain of filterChainsOf(listener)) {
      for (const f of chain.filters ?? []) {
        const hcm = httpConnectionManagerOf(f)
        if (hcm) out.push({listener: name, hcm})
      }
    }
  }
  return out
}

function routeRefs(rc: RouteConfiguration, configName: string, out: ClusterRef[]): void {
  for (const vh of rc.virtualHosts ?? []) {
    for (const [i, route] of (vh.routes ?? []).entries()) {
      const from = `route/${configName}/${vh.name ?? ''}/${route.name || `#${i}`}`
      const action = route.route
      if (!action) continue
      if (action.cluster) out.push({cluster: action.cluster, from})
      for (const wc of action.weightedClusters?.clusters ?? []) if (wc.name) out.push({cluster: wc.name, from})
      for (const m of action.requestMirrorPolicies ?? []) if (m.cluster) out.push({cluster: m.cluster, from})
    }
  }
}

/** Every cluster a route (RDS or inline) or a tcp_proxy names. */
function clusterRefs(dump: ConfigDump): ClusterRef[] {
  const out: ClusterRef[] = []
  for (const rc of dump.routeConfigs) routeRefs(routeRefsView(rc.raw), rc.name, out)
  for (const {listener, hcm} of connectionManagers(dump)) if (hcm.routeConfig) routeRefs(hcm.routeConfig, hcm.routeConfig.name ?? `${listener} (inline)`, out)
  for (const {name, listener} of activeListenerRefs(dump)) {
    for (const chain of filterChainsOf(listener)) {
      for (const f of chain.filters ?? []) {
        const tcp = tcpProxyOf(f)
        if (!tcp) continue
        const from = `listener/${name}`
        if (tcp.cluster) out.push({cluster: tcp.cluster, from})
        for (const wc of tcp.weightedClusters?.clusters ?? []) if (wc.name) out.push({cluster: wc.name, from})
        for (const r of tcp.deprecatedV1?.routes ?? []) if (r.cluster) out.push({cluster: r.cluster, from})
      }
    }
  }
  return out
}

export const unknownCluster: Rule = {
  id: 'unknown-cluster',
  title: 'routes, weighted clusters or TCP proxies naming clusters the proxy does not have',
  run(s) {
    if (!s.dump.has('clusters')) return {skipped: 'the dump has no clusters section'}
    const byResource = new Map<string, Set<string>>()
    for (const ref of clusterRefs(s.dump)) {
      if (s.dump.cluster(ref.cluster)) continue
      const set = byResource.get(ref.from) ?? new Set<string>()
      set.add(ref.cluster)
      byResource.set(ref.from, set)
    }
    return {
      findings: [...byResource].map(([resource, clusters]): Draft => ({
        severity: 'error',
        resource,
        message: `names cluster${clusters.size > 1 ? 's' : ''} ${[...clusters].join(', ')} that the proxy does not have: Envoy answers 503 (NC, cluster not found)`,
        suggestion: 'Check the host and subset of the VirtualService/route (a DestinationRule must define the subset), and that the service exists and is exported to this namespace',
      })),
    }
  },
}

export const missingRouteConfig: Rule = {
  id: 'missing-route-config',
  title: 'RDS route config names with no route config',
  run(s) {
    if (!s.dump.has('routes') && !s.dump.has('listeners')) return {skipped: 'the dump has neither listeners nor routes'}
    const missing = new Map<string, Set<string>>()
    for (const {listener, hcm} of connectionManagers(s.dump)) {
      const name = hcm.rds?.routeConfigName
      if (!name || s.dump.routeConfig(name)) continue
      const set = missing.get(name) ?? new Set<string>()
      set.add(listener)
      missing.set(name, set)
    }
    return {
      findings: [...missing].map(([name, listeners]): Draft => ({
        severity: 'error',
        resource: `route_config/${name}`,
        message: `listener${listeners.size > 1 ? 's' : ''} ${[...listeners].join(', ')} ask${listeners.size > 1 ? '' : 's'} RDS for route config ${JSON.stringify(name)}, which the proxy does not have: the listener stays warming or answers 404`,
        suggestion: 'Check that istiod pushes it (meshscope proxy-status POD) and that a Service or Gateway defines this port',
      })),
    }
  },
}
