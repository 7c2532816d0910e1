/**
 * `proxy-config listener`: which listeners istioctl shows, in what order, and how it words each filter
 * chain's match and destination (istioctl/pkg/writer/envoy/configdump/listener.go).
 */
import {MeshscopeError} from '../cli/errors.js'
import type {ConfigDump} from '../envoy/config-dump.js'
import {filterChainsOf, httpConnectionManagerOf, networkFilterKind, tcpProxyOf} from '../envoy/filters.js'
import {isObject, num, objects, strings, text} from '../envoy/lenient.js'
import type {FilterChain, FilterChainMatch, Listener, NetworkFilter, RouteConfiguration, TcpProxy} from '../envoy/types.js'
import {goSortSlice} from './go-sort.js'
import {describeMatch} from './routes.js'

export const LISTENER_TYPES = ['HTTP', 'TCP', 'HTTP+TCP', 'UNKNOWN'] as const
export type ListenerType = (typeof LISTENER_TYPES)[number]

/** istioctl's listener filters: `--address` (also additional addresses), `--port`, `--type`. */
export interface ListenerFilter {
  address?: string
  port?: number
  type?: ListenerType
}

/** Reads `--type` case-insensitively, as istioctl compares it. */
export function parseListenerType(value: string): ListenerType {
  const t = LISTENER_TYPES.find((x) => x === value.toUpperCase())
  if (!t) throw new MeshscopeError('USAGE', `--type ${value} is not a listener type`, [`Use one of ${LISTENER_TYPES.join(', ')}`])
  return t
}

export function listenerAddress(l: Listener): string {
  const a = l.address
  if (isObject(a?.socketAddress)) return text(a.socketAddress.address)
  return isObject(a?.pipe) ? text(a.pipe.path) : ''
}

export function listenerAdditionalAddresses(l: Listener): string[] {
  return objects(l.additionalAddresses).map((a) => text(a.address?.socketAddress?.address))
}

export function listenerPort(l: Listener): number {
  return num(l.address?.socketAddress?.portValue) ?? 0
}

/** HTTP, TCP or both by the filters of all chains; a TCP proxy to BlackHoleCluster does not count as TCP. */
export function listenerType(l: Listener): ListenerType {
  let http = 0
  let tcp = 0
  for (const chain of filterChainsOf(l)) {
    for (const f of objects(chain.filters)) {
      const kind = networkFilterKind(f)
      if (kind === 'http_connection_manager') http++
      else if (kind === 'tcp_proxy' && !mentionsBlackHole(f)) tcp++
    }
  }
  if (http > 0) return tcp === 0 ? 'HTTP' : 'HTTP+TCP'
  return tcp > 0 ? 'TCP' : 'UNKNOWN'
}

/** istioctl looks for the string in the filter's serialized config, wherever it appears. */
function mentionsBlackHole(f: NetworkFilter): boolean {
  return JSON.stringify(f.typedConfig ?? f.config ?? {}).includes('BlackHoleCluster')
}

export function matchesListener(l: Listener, f: ListenerFilter): boolean {
  if (f.address) {
    const wanted = f.address.toLowerCase()
    if (![listenerAddress(l), ...listenerAdditionalAddresses(l)].some((a) => a.toLowerCase() === wanted)) return false
  }
  if (f.port && listenerPort(l) !== f.port) return false
  if (f.type && listenerType(l) !== f.type) return false
  return true
}

/** Active dynamic listeners, then static ones, that match the filter, in dump order (what `-o json` prints). */
export function selectListeners(dump: ConfigDump, filter: ListenerFilter): Listener[] {
  const active = dump.listeners.filter((e) => e.state === 'ACTIVE')
  const ordered = [...active.filter((e) => e.origin === 'dynamic'), ...active.filter((e) => e.origin === 'static')]
  return ordered.map((e) => e.resource).filter((l) => isObject(l) && matchesListener(l, filter))
}

/** By port, then address, then type (Go's unstable sort.Slice, as istioctl). */
export function summaryOrder(listeners: readonly Listener[]): Listener[] {
  const keyed = listeners.map((l) => ({l, port: listenerPort(l), address: listenerAddress(l), type: listenerType(l)}))
  goSortSlice(keyed, (a, b) => {
    if (a.port !== b.port) return a.port < b.port
    if (a.address !== b.address) return a.address < b.address
    return a.type < b.type
  })
  return keyed.map((k) => k.l)
}

/** One line of the verbose table: a filter chain of a listener. */
export interface ListenerRow {
  name: string
  addresses: string
  port: string
  match: string
  destination: string
}

/** One line of the `--verbose=false` table. */
export interface ListenerTypeRow {
  name: string
  addresses: string
  port: string
  type: ListenerType
}

function addressesCell(l: Listener): string {
  return [listenerAddress(l), ...listenerAdditionalAddresses(l)].join(',')
}

/** Rows of the verbose table: per listener (in summary order), its chains by destination, descending. */
export function listenerRows(listeners: readonly Listener[]): ListenerRow[] {
  const rows: ListenerRow[] = []
  for (const l of summaryOrder(listeners)) {
    const chains = filterChainsOf(l).map((c) => ({match: describeFilterChainMatch(c.filterChainMatch), destination: describeFilterChainDestination(c)}))
    goSortSlice(chains, (a, b) => a.destination > b.destination)
    const base = {name: text(l.name), addresses: addressesCell(l), port: String(listenerPort(l))}
    for (const c of chains) rows.push({...base, ...c})
  }
  return rows
}

export function listenerTypeRows(listeners: readonly Listener[]): ListenerTypeRow[] {
  return summaryOrder(listeners).map((l) => ({name: text(l.name), addresses: addressesCell(l), port: String(listenerPort(l)), type: listenerType(l)}))
}

/** The ALPN sets Istio configures, by the name istioctl shows for them (the list must be equal, in order). */
const NAMED_ALPNS: [string, string[]][] = [
  ['App: HTTP TLS', ['http/1.0', 'http/1.1', 'h2c', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: Istio HTTP Plain', ['istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: TCP TLS', ['istio-peer-exchange', 'istio']],
  ['App: HTTP', ['http/1.0', 'http/1.1', 'h2c']],
]

/** The MATCH cell: `SNI: …; Trans: …; App: …; Addr: …`, or `ALL`. */
export function describeFilterChainMatch(match: FilterChainMatch | undefined): string {
  const m: FilterChainMatch = isObject(match) ? match : {}
  const descrs: string[] = []
  const sni = strings(m.serverNames)
  if (sni.length > 0) descrs.push(`SNI: ${sni.join(',')}`)
  if (text(m.transportProtocol)) descrs.push(`Trans: ${m.transportProtocol}`)
  const alpns = strings(m.applicationProtocols)
  if (alpns.length > 0) {
    const named = NAMED_ALPNS.find(([, set]) => set.length === alpns.length && set.every((p, i) => p === alpns[i]))
    descrs.push(named ? named[0] : `App: ${alpns.join(',')}`)
  }
  const destinationPort = num(m.destinationPort)
  const port = destinationPort === undefined ? '' : `:${destinationPort}`
  const ranges = objects(m.prefixRanges)
  if (ranges.length > 0) descrs.push(`Addr: ${ranges.map((p) => `${text(p.addressPrefix)}/${num(p.prefixLen) ?? 0}`).join(',')}${port}`)
  else if (port) descrs.push(`Addr: *${port}`)
  return descrs.length === 0 ? 'ALL' : descrs.join('; ')
}

/** The DESTINATION cell, decided by the chain's first HTTP connection manager or TCP proxy. */
export function describeFilterChainDestination(chain: FilterChain): string {
  for (const f of objects(chain.filters)) {
    const hcm = httpConnectionManagerOf(f)
    if (hcm) {
      if (isObject(hcm.routeConfig)) return describeInlineRouteConfig(hcm.routeConfig)
      const rds = isObject(hcm.rds) ? text(hcm.rds.routeConfigName) : ''
      if (rds) return `Route: ${rds}`
      return 'HTTP'
    }
    const tcp = tcpProxyOf(f)
    if (tcp) return mentionsBlackHole(f) ? 'BlackHoleCluster' : clusterCell(tcpCluster(tcp))
  }
  return 'Non-HTTP/Non-TCP'
}

/** istioctl prints names such as PassthroughCluster bare, and others as `Cluster: <name>`. */
function clusterCell(cluster: string): string {
  return cluster.includes('Cluster') ? cluster : `Cluster: ${cluster}`
}

/** The TCP proxy's cluster; for the Istio 0.8 v1 form, the clusters of its routes. */
function tcpCluster(tcp: TcpProxy): string {
  if (tcp.cluster !== undefined || !isObject(tcp.deprecatedV1)) return text(tcp.cluster)
  return [...new Set(objects(tcp.deprecatedV1.routes).map((r) => text(r.cluster)))].join(',')
}

/** `Inline Route: <domains> <matches>; …`, or just the cluster when the route sends everything to one. */
function describeInlineRouteConfig(rc: RouteConfiguration): string {
  const all = matchAllCluster(rc)
  if (all !== undefined) return all
  const vhosts = objects(rc.virtualHosts).map((vh) => {
    const d = strings(vh.domains)
    const domains = d.length === 1 && d[0] === '*' ? '' : d.join('/')
    const routes = objects(vh.routes).map((r) => describeMatch(r.match)).join(', ')
    return domains === '' ? routes : `${domains} ${routes}`
  })
  return `Inline Route: ${vhosts.join('; ')}`
}

function matchAllCluster(rc: RouteConfiguration): string | undefined {
  const vhosts = objects(rc.virtualHosts)
  if (vhosts.length !== 1) return undefined
  const [vh] = vhosts
  const domains = strings(vh.domains)
  if (domains.length !== 1 || domains[0] !== '*') return undefined
  const routes = objects(vh.routes)
  if (routes.length !== 1) return undefined
  const [r] = routes
  if (r.match?.prefix !== '/' || typeof r.route?.cluster !== 'string') return undefined
  return clusterCell(r.route.cluster)
}
