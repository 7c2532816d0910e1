import {httpConnectionManagerOf, tcpProxyOf} from '../envoy/filters.js'
import type {FilterChain, HttpConnectionManager, NetworkFilter, TcpProxy} from '../envoy/types.js'
import {pickWeightedCluster, type WeightedChoice} from '../match/action.js'
import {cidrContains} from './net.js'

/** The filter that ends a chain and decides where the connection goes. */
export type TerminalFilter =
  | {kind: 'http'; name: string; hcm: HttpConnectionManager}
  | {kind: 'tcp'; name: string; tcp: TcpProxy}
  | {kind: 'direct_response'; name: string}
  | {kind: 'other'; name: string}

export interface ChainFilters {
  terminal?: TerminalFilter
  /** the filters before the terminal one, by name (RBAC, metadata exchange, mixer…) */
  before: string[]
  caveats: string[]
}

const DIRECT_RESPONSE = /(^|\.)direct_response$|DirectResponse$/
const RBAC = /(^|\.)rbac$|\.rbac\.v\d\.RBAC$/
const SNI_CLUSTER = /(^|\.)sni_cluster$/

/** Envoy runs network filters in order; the last one is the terminal filter. */
export function chainFilters(chain: FilterChain): ChainFilters {
  const filters = chain.filters ?? []
  const caveats: string[] = []
  if (filters.length === 0) return {before: [], caveats: ['the chain has no network filters: Envoy closes the connection']}
  const last = filters[filters.length - 1]
  const before = filters.slice(0, -1).map(filterName)
  for (const f of filters.slice(0, -1)) {
    if (RBAC.test(filterName(f))) caveats.push(`network filter ${filterName(f)} may reject the connection; meshscope does not evaluate RBAC policies`)
  }
  return {terminal: terminalOf(last), before, caveats}
}

function terminalOf(f: NetworkFilter): TerminalFilter {
  const name = filterName(f)
  const hcm = httpConnectionManagerOf(f)
  if (hcm) return {kind: 'http', name, hcm}
  const tcp = tcpProxyOf(f)
  if (tcp) return {kind: 'tcp', name, tcp}
  if (DIRECT_RESPONSE.test(name) || DIRECT_RESPONSE.test(String(f.typedConfig?.['@type'] ?? ''))) return {kind: 'direct_response', name}
  return {kind: 'other', name}
}

export function filterName(f: NetworkFilter): string {
  return f.name ?? String(f.typedConfig?.['@type'] ?? '(unnamed)')
}

export interface TcpClusterChoice {
  cluster?: string
  how: 'cluster' | 'weighted' | 'sni_cluster' | 'deprecated_v1_route'
  weighted?: WeightedChoice[]
  selectedValue?: number
  rule: string
  caveats: string[]
}

/**
 * tcp_proxy's upstream cluster (TcpProxy in tcp_proxy.cc): the per-connection filter state set by an
 * earlier filter such as sni_cluster, else `cluster`, else `weighted_clusters` (`random % total`, half-open
 * intervals in list order); Istio 0.8's `deprecated_v1` routes pick the first route whose destination
 * IP list and ports match.
 */
export function tcpProxyCluster(tcp: TcpProxy, before: readonly string[], conn: {destIp?: string; destPort: number; sni?: string; random: number}): TcpClusterChoice {
  const caveats: string[] = []
  if (before.some((n) => SNI_CLUSTER.test(n))) {
    if (conn.sni) return {cluster: conn.sni, how: 'sni_cluster', rule: `sni_cluster sets the upstream cluster to the SNI ${conn.sni}`, caveats}
    caveats.push('sni_cluster runs before tcp_proxy but the connection has no SNI: tcp_proxy uses its own configuration')
  }
  if (tcp.cluster) return {cluster: tcp.cluster, how: 'cluster', rule: `tcp_proxy cluster ${tcp.cluster}`, caveats}
  const clusters = tcp.weightedClusters?.clusters ?? []
  if (clusters.length > 0) {
    const pick = pickWeightedCluster(clusters, conn.random, new Map())
    const picked = pick.picked?.name
    return {
      cluster: picked,
      how: 'weighted',
      weighted: pick.choices,
      selectedValue: pick.selected,
      rule: picked ? `tcp_proxy weighted_clusters: random ${conn.random} % ${pick.total} = ${pick.selected} falls in ${picked}'s interval` : 'tcp_proxy weighted_clusters have no weight',
      caveats,
    }
  }
  const routes = tcp.deprecatedV1?.routes ?? []
  for (const [i, r] of routes.entries()) {
    const ipOk = !r.destinationIpList?.length || (conn.destIp !== undefined && r.destinationIpList.some((c) => cidrContains(c, conn.destIp as string)))
    const portOk = !r.destinationPorts || portInList(conn.destPort, r.destinationPorts)
    if (ipOk && portOk) return {cluster: r.cluster, how: 'deprecated_v1_route', rule: `tcp_proxy deprecated_v1 route #${i} (destination matches)`, caveats}
  }
  return {how: 'cluster', rule: 'tcp_proxy names no cluster for this connection: Envoy closes it', caveats}
}

/** `"80,443,8000-9000"` as Envoy v1 wrote destination_ports. */
function portInList(port: number, spec: string): boolean {
  return spec.split(',').some((part) => {
    const [lo, hi] = part.trim().split('-').map(Number)
    return hi === undefined ? port === lo : port >= lo && port <= hi
  })
}
