import type {ClusterStatusDump, EdsHealthStatus, HostStatus} from '../envoy/clusters-status.js'
import {goSortSlice} from './go-sort.js'

/** istioctl's endpoint filters (`proxy-config endpoint` and `eds`): exact, case-insensitive. */
export interface EndpointFilter {
  address?: string
  port?: number
  cluster?: string
  status?: string
}

/** One line of `proxy-config endpoint`: a host of a cluster as Envoy sees it live (/clusters). */
export interface EndpointRow {
  /** `ip:port`, `unix://path` or `envoy://listener/id` */
  endpoint: string
  status: EdsHealthStatus
  /** OK, or FAILED when outlier detection ejected the host */
  outlierCheck: 'OK' | 'FAILED'
  cluster: string
}

/** The host's address as istioctl prints it: the IP (without port), `unix://path`, or `envoy://listener/id`. */
export function hostAddress(h: HostStatus): string {
  const a = h.address
  if (a.socketAddress) return a.socketAddress.address ?? ''
  if (a.pipe) return `unix://${a.pipe.path ?? ''}`
  if (a.envoyInternalAddress?.serverListenerName !== undefined) return `envoy://${a.envoyInternalAddress.serverListenerName}/${a.envoyInternalAddress.endpointId ?? ''}`
  return 'unknown'
}

const hostPort = (h: HostStatus) => h.address.socketAddress?.portValue ?? 0

export function matchesHost(h: HostStatus, cluster: string, f: EndpointFilter): boolean {
  if (f.address && hostAddress(h).toLowerCase() !== f.address.toLowerCase()) return false
  if (f.port && hostPort(h) !== f.port) return false
  if (f.cluster && cluster.toLowerCase() !== f.cluster.toLowerCase()) return false
  if (f.status && h.edsHealthStatus.toLowerCase() !== f.status.toLowerCase()) return false
  return true
}

/** The rows of `proxy-config endpoint`, sorted by address, port, cluster (as istioctl). */
export function endpointRows(dump: ClusterStatusDump, f: EndpointFilter): EndpointRow[] {
  const keyed: {address: string; port: number; row: EndpointRow}[] = []
  for (const c of dump.clusters) {
    for (const h of c.hosts) {
      if (!matchesHost(h, c.name, f)) continue
      const address = hostAddress(h)
      const port = hostPort(h)
      keyed.push({
        address,
        port,
        row: {endpoint: port !== 0 ? `${address}:${port}` : address, status: h.edsHealthStatus, outlierCheck: h.failedOutlierCheck ? 'FAILED' : 'OK', cluster: c.name},
      })
    }
  }
  goSortSlice(keyed, (a, b) => (a.address === b.address ? (a.port === b.port ? a.row.cluster < b.row.cluster : a.port < b.port) : a.address < b.address))
  return keyed.map((k) => k.row)
}

/**
 * What `-o json` prints: the ClusterStatus messages (protojson) that keep at least one host after the filter,
 * each with only those hosts, in Envoy's order.
 */
export function selectClusterStatuses(dump: ClusterStatusDump, f: EndpointFilter): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (const c of dump.clusters) {
    const hosts = c.hosts.filter((h) => matchesHost(h, c.name, f))
    if (hosts.length === 0) continue
    out.push({...c.resource, hostStatuses: hosts.map((h) => h.resource)})
  }
  return out
}
