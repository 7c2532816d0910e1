import type {ConfigDump} from '../envoy/config-dump.js'
import {pickProtoJson, type Shape} from '../envoy/proto-json.js'
import type {Address, Cluster, ClusterLoadAssignment, LbEndpoint} from '../envoy/types.js'
import {clusterType} from '../summary/clusters.js'
import {hostPort} from './net.js'

/**
 * Where the endpoint hop gets a cluster's endpoints and their health. The config dump is one source (its
 * EDS section, else the cluster's load_assignment); a live `/clusters` source can implement the same
 * interface later without touching the trace.
 */
export interface EndpointSource {
  readonly label: string
  /** The assignment for a cluster, or 'unknown' when this source cannot know (no EDS section in the dump). */
  assignmentOf(cluster: Cluster): {assignment: ClusterLoadAssignment; from: string} | 'unknown' | undefined
}

/** The dump's endpoints: the EDS section keyed by eds_service_name || cluster name (it holds the live hosts of every cluster type). */
export function dumpEndpointSource(dump: ConfigDump): EndpointSource {
  const hasEds = dump.has('endpoints')
  return {
    label: hasEds ? 'the dump\'s EDS section' : 'the dump',
    assignmentOf(cluster) {
      const key = cluster.edsClusterConfig?.serviceName || cluster.name || ''
      if (hasEds) {
        const e = dump.endpointConfig(key)
        if (e) return {assignment: e.resource, from: `EDS entry ${key}`}
      }
      if (cluster.loadAssignment) return {assignment: cluster.loadAssignment, from: 'the cluster\'s load_assignment'}
      if (cluster.hosts?.length) return {assignment: {endpoints: [{lbEndpoints: cluster.hosts.map((address) => ({endpoint: {address}}))}]}, from: 'the cluster\'s hosts (v2)'}
      return hasEds ? undefined : 'unknown'
    },
  }
}

/** What endpointVerdict reads of a cluster, but for its transport_socket_matches. */
export const ENDPOINT_FIELDS: Shape = {name: true, type: true, cluster_type: true, eds_cluster_config: true, load_assignment: true, hosts: true, original_dst_lb_config: true}

/**
 * The part of a cluster (as the dump spells it) that endpointVerdict needs to judge its hosts, in protojson
 * form. It leaves out the transport sockets (the rows then name none), which are most of an Istio
 * cluster's bytes: check judges the hosts of every cluster without converting their TLS contexts.
 */
export function endpointFieldsOf(raw: unknown): Cluster {
  return pickProtoJson<Cluster>(raw, ENDPOINT_FIELDS)
}

export interface EndpointRow {
  address: string
  health: string
  /** usable by the load balancer: HEALTHY, UNKNOWN (no health status) or DEGRADED */
  usable: boolean
  locality?: string
  priority: number
  weight?: number
  hostname?: string
  /** the transport_socket_matches entry this endpoint's metadata selects */
  transportSocket?: string
}

export interface EndpointVerdict {
  /** ok: ≥1 usable endpoint or a cluster whose upstream is known without endpoints; none: no usable endpoint; unknown: not in this source */
  status: 'ok' | 'none' | 'unknown'
  rule: string
  endpoints: EndpointRow[]
  caveats: string[]
}

const UNUSABLE = new Set(['UNHEALTHY', 'DRAINING', 'TIMEOUT'])

/** The endpoint hop: where a connection to this cluster would go, by cluster type. */
export function endpointVerdict(cluster: Cluster, source: EndpointSource, conn: {destIp?: string; destPort: number}): EndpointVerdict {
  const type = clusterType(cluster)
  const caveats: string[] = []
  if (type === 'ORIGINAL_DST') {
    const dest = hostPort(conn.destIp, conn.destPort)
    const header = (cluster as {originalDstLbConfig?: {useHttpHeader?: boolean}}).originalDstLbConfig?.useHttpHeader
    if (header) caveats.push('original_dst_lb_config.use_http_header: the x-envoy-original-dst-host header, when present, overrides the destination')
    if (conn.destIp === undefined) caveats.push('the destination IP is not known, so neither is the upstream address')
    return {
      status: 'ok',
      rule: `ORIGINAL_DST: the upstream is the original destination address (ip:port) itself, ${dest}`,
      endpoints: [{address: dest, health: 'ORIGINAL_DST', usable: true, priority: 0}],
      caveats,
    }
  }
  if (type !== 'STATIC' && type !== 'EDS' && type !== 'STRICT_DNS' && type !== 'LOGICAL_DNS') {
    return {status: 'ok', rule: `cluster type ${type} picks its hosts itself (e.g. an aggregate of other clusters); meshscope does not follow it`, endpoints: [], caveats: [`${type} clusters are not traced further`]}
  }
  const found = source.assignmentOf(cluster)
  const dns = type === 'STRICT_DNS' || type === 'LOGICAL_DNS'
  if (found === 'unknown') {
    if (dns) {
      const names = rows(cluster.loadAssignment, cluster).map((r) => r.address)
      return {status: 'ok', rule: `${type}: ${names.join(', ') || 'the DNS name'} resolved at connect time`, endpoints: [], caveats: ['the dump has no EDS section, so the resolved addresses are not known']}
    }
    return {
      status: 'unknown',
      rule: `endpoints unknown from this dump: it has no EDS section (save it with /config_dump?include_eds)`,
      endpoints: [],
      caveats: ['endpoints are unknown from this dump (no EndpointsConfigDump); the trace assumes the cluster has healthy endpoints'],
    }
  }
  if (!found) {
    return {status: 'none', rule: `${source.label} has no endpoints for ${cluster.edsClusterConfig?.serviceName || cluster.name}: Envoy answers 503 (no healthy upstream)`, endpoints: [], caveats}
  }
  const endpoints = rows(found.assignment, cluster)
  const usable = endpoints.filter((e) => e.usable)
  const from = `from ${found.from}`
  if (dns) {
    return {status: 'ok', rule: `${type}: ${type === 'LOGICAL_DNS' ? 'the first address the DNS name resolves to, at connect time' : 'every address the DNS names resolve to'} (${from})`, endpoints, caveats}
  }
  if (usable.length === 0) {
    const why = endpoints.length === 0 ? 'no endpoints' : `none of its ${endpoints.length} endpoints is healthy`
    return {status: 'none', rule: `${why} (${from}): Envoy answers 503 (no healthy upstream)`, endpoints, caveats}
  }
  const priorities = [...new Set(usable.map((e) => e.priority))].sort((a, b) => a - b)
  if (priorities.length > 1) caveats.push(`endpoints span priorities ${priorities.join(', ')}: priority ${priorities[0]} is used while it is healthy enough`)
  return {status: 'ok', rule: `${usable.length} of ${endpoints.length} endpoint(s) can take the connection (${from}); the load balancer picks one`, endpoints, caveats}
}

function rows(cla: ClusterLoadAssignment | undefined, cluster: Cluster): EndpointRow[] {
  const out: EndpointRow[] = []
  for (const group of cla?.endpoints ?? []) {
    const loc = group.locality
    const locality = loc && (loc.region || loc.zone || loc.subZone) ? [loc.region, loc.zone, loc.subZone].filter(Boolean).join('/') : undefined
    for (const lb of group.lbEndpoints ?? []) {
      const health = lb.healthStatus ?? 'UNKNOWN'
      const row: EndpointRow = {address: addressText(lb.endpoint?.address), health, usable: !UNUSABLE.has(health), priority: group.priority ?? 0}
      if (locality) row.locality = locality
      if (lb.loadBalancingWeight !== undefined) row.weight = lb.loadBalancingWeight
      if (lb.endpoint?.hostname) row.hostname = lb.endpoint.hostname
      const ts = transportSocketFor(cluster, lb)
      if (ts) row.transportSocket = ts
      out.push(row)
    }
  }
  return out
}

function addressText(a: Address | undefined): string {
  if (a?.socketAddress) return hostPort(a.socketAddress.address, a.socketAddress.portValue)
  if (a?.pipe?.path) return `unix:${a.pipe.path}`
  if (a?.envoyInternalAddress) return `internal:${a.envoyInternalAddress.serverListenerName ?? ''}`
  return '(no address)'
}

/** The first transport_socket_matches entry whose `match` is a subset of the endpoint's envoy.transport_socket_match metadata. */
function transportSocketFor(cluster: Cluster, lb: LbEndpoint): string | undefined {
  const matches = cluster.transportSocketMatches
  if (!matches?.length) return undefined
  const md = lb.metadata?.filterMetadata?.['envoy.transport_socket_match'] ?? {}
  const hit = matches.find((m) => Object.entries(m.match ?? {}).every(([k, v]) => md[k] === v))
  return hit ? hit.name || '(unnamed)' : 'the cluster transport_socket'
}
