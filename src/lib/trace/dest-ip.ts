import type {ConfigDump} from '../envoy/config-dump.js'
import {parseSubsetKey} from '../summary/istio-names.js'
import type {ListenerView} from './listener.js'
import {isIp, isWildcardIp, normalizeIp} from './net.js'
import {chainFilters, tcpProxyCluster} from './network-filter.js'
import type {Direction} from './types.js'

export interface InferredDest {
  ip?: string
  note: string
}

/**
 * The IP an application would connect to for `host:port`, found in the dump the way the proxy itself
 * knows it: a virtual host listing the name next to an IP (Istio lists the service VIP among the
 * domains), a per-service listener whose tcp_proxy targets `outbound|port||fqdn` of that name, or the
 * endpoints of that cluster (a headless service). Inbound: the pod's own IP (bootstrap node id).
 */
export function inferDestIp(dump: ConfigDump, views: readonly ListenerView[], host: string, port: number, direction: Direction): InferredDest {
  if (direction === 'inbound') return podIp(dump, views)
  const name = host.toLowerCase()
  return fromVirtualHosts(dump, name, port) ?? fromListeners(views, name, port) ?? fromEndpoints(dump, name, port) ?? {note: `no IP for ${host}:${port} found in the dump (route domains, listeners, endpoints): listeners are matched on the port alone; use --dest-ip to be exact`}
}

function fromVirtualHosts(dump: ConfigDump, name: string, port: number): InferredDest | undefined {
  const wanted = new Set([name, `${name}:${port}`])
  for (const rc of dump.routeConfigs) {
    for (const vh of rc.resource.virtualHosts ?? []) {
      const domains = (vh.domains ?? []).map((d) => d.toLowerCase())
      if (!domains.some((d) => wanted.has(d))) continue
      const ips = domains.map((d) => d.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')).filter(isIp)
      if (ips.length > 0) {
        return {ip: normalizeIp(ips[0]), note: `inferred: virtual host ${vh.name} in route config ${rc.name} lists ${name} and the IP ${ips[0]}`}
      }
    }
  }
  return undefined
}

/** `name` names this FQDN: the FQDN itself or a leading part of it (`reviews`, `reviews.default`). */
function namesFqdn(name: string, fqdn: string): boolean {
  return fqdn === name || fqdn.startsWith(`${name}.`)
}

function fromListeners(views: readonly ListenerView[], name: string, port: number): InferredDest | undefined {
  for (const v of views) {
    if (v.port !== port || !v.ip || isWildcardIp(v.ip)) continue
    for (const chain of v.listener.filterChains ?? []) {
      const {terminal, before} = chainFilters(chain)
      if (terminal?.kind !== 'tcp') continue
      const cluster = tcpProxyCluster(terminal.tcp, before, {destPort: port, random: 0}).cluster
      const key = cluster ? parseSubsetKey(cluster) : undefined
      if (key && key.port === port && namesFqdn(name, key.fqdn)) {
        return {ip: v.ip, note: `inferred: listener ${v.name} forwards ${port} to ${cluster}`}
      }
    }
  }
  return undefined
}

function fromEndpoints(dump: ConfigDump, name: string, port: number): InferredDest | undefined {
  for (const c of dump.clusters) {
    const key = parseSubsetKey(c.name)
    if (key?.direction !== 'outbound' || key.port !== port || key.subset !== '' || !namesFqdn(name, key.fqdn)) continue
    const cla = dump.endpointConfig(c.resource.edsClusterConfig?.serviceName || c.name)?.resource ?? c.resource.loadAssignment
    const ip = cla?.endpoints?.flatMap((g) => g.lbEndpoints ?? []).map((e) => e.endpoint?.address?.socketAddress?.address).find((a) => a !== undefined && isIp(a))
    if (ip) return {ip: normalizeIp(ip), note: `inferred: the first endpoint of ${c.name} (no service IP found: a headless service?)`}
  }
  return undefined
}

/** The pod IP of a sidecar: bootstrap node id `sidecar~10.1.2.3~pod.ns~ns.svc.cluster.local`, else an INBOUND listener's address. */
function podIp(dump: ConfigDump, views: readonly ListenerView[]): InferredDest {
  const id = dump.bootstrap?.bootstrap.node?.id ?? ''
  const ip = id.split('~')[1]
  if (ip && isIp(ip)) return {ip: normalizeIp(ip), note: `inferred: the pod IP from the bootstrap node id ${id}`}
  const inbound = views.find((v) => v.listener.trafficDirection === 'INBOUND' && v.ip && !isWildcardIp(v.ip))
  if (inbound?.ip) return {ip: inbound.ip, note: `inferred: the address of the inbound listener ${inbound.name}`}
  return {note: 'the pod IP is not in the dump (no bootstrap node id): use --dest-ip POD_IP'}
}
