import type {ConfigDump} from '../envoy/config-dump.js'
import {withoutTypeUrl} from '../envoy/proto-json.js'
import type {DumpEntry} from '../envoy/config-dump.js'
import type {Cluster, ClusterLoadAssignment, Listener, RouteConfiguration} from '../envoy/types.js'
import {type ClusterFilter, selectClusters} from './clusters.js'
import {type EdsSelection, selectEds} from './eds.js'
import type {EndpointFilter} from './endpoints.js'
import {type ListenerFilter, selectListeners} from './listeners.js'
import {type RouteFilter, selectRouteConfigs} from './routes.js'
import {type SecretRow, secretRows} from './secrets.js'
import {type VersionSummary, versionSummary} from './bootstrap.js'

/** istioctl's `proxy-config all` filters: each table's own, applied at once (`--port` and `--address` are shared). */
export type AllFilter = ClusterFilter & ListenerFilter & RouteFilter & EndpointFilter

/** Everything `proxy-config all` shows, each section selected by its own command's rules. */
export interface AllSections {
  version: VersionSummary
  clusters: DumpEntry<Cluster>[]
  listeners: Listener[]
  routes: RouteConfiguration[]
  secrets: SecretRow[]
  endpoints: EdsSelection
}

export function selectAll(dump: ConfigDump, f: AllFilter, now: Date): AllSections {
  return {
    version: versionSummary(dump),
    clusters: selectClusters(dump, {fqdn: f.fqdn, port: f.port, subset: f.subset, direction: f.direction}),
    listeners: selectListeners(dump, {address: f.address, port: f.port, type: f.type}),
    routes: selectRouteConfigs(dump, {name: f.name}),
    secrets: secretRows(dump, now),
    endpoints: selectEds(dump, {address: f.address, port: f.port, cluster: f.cluster, status: f.status}),
  }
}

/** The `--json` result of `proxy-config all`: the selected resources of each section (no key material). */
export function allResult(s: AllSections): {
  version: VersionSummary
  clusters: Cluster[]
  listeners: Listener[]
  routes: RouteConfiguration[]
  secrets: SecretRow[]
  endpoints: ClusterLoadAssignment[]
} {
  return {
    version: s.version,
    clusters: s.clusters.map((e) => withoutTypeUrl(e.resource)),
    listeners: s.listeners.map(withoutTypeUrl),
    routes: s.routes.map(withoutTypeUrl),
    secrets: s.secrets,
    endpoints: s.endpoints.assignments,
  }
}
