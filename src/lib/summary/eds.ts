import type {ConfigDump} from '../envoy/config-dump.js'
import {isObject, objects, text} from '../envoy/lenient.js'
import {type Shape, withoutTypeUrl} from '../envoy/proto-json.js'
import type {Address, ClusterLoadAssignment, LbEndpoint, Locality} from '../envoy/types.js'
import type {EndpointFilter} from './endpoints.js'
import {goSortSlice} from './go-sort.js'
import {sortKey} from './istio-names.js'

/** One line of `proxy-config eds` (and the endpoint section of `proxy-config all`). */
export interface EdsRow {
  /** the endpoint's addresses (`ip:port`, a pipe path, `envoy://listener/id`), joined with `,` */
  name: string
  status: string
  locality: string
  cluster: string
}

export interface EdsSelection {
  rows: EdsRow[]
  /** the ClusterLoadAssignments with at least one endpoint that passes the filter (protojson, no `@type`) */
  assignments: ClusterLoadAssignment[]
}

/** What selectEds reads of a ClusterLoadAssignment for its rows: a table parses only these (see SectionShapes). */
export const EDS_ROW_FIELDS: Shape = {
  '@type': true,
  cluster_name: true,
  endpoints: {locality: true, lb_endpoints: {endpoint: {address: true, additional_addresses: true}, health_status: true}},
}

/**
 * The EDS view of a config dump (`?include_eds`), as istioctl's configdump endpoint writer: assignments sorted
 * like clusters (fqdn, subset, port, direction of their cluster name), endpoints in dump order within each.
 */
export function selectEds(dump: ConfigDump, f: EndpointFilter): EdsSelection {
  const keyed = dump.endpointConfigs.map((e) => ({key: sortKey(text(e.resource.clusterName) || e.name), cla: e.resource}))
  goSortSlice(keyed, (a, b) => {
    const x = a.key
    const y = b.key
    if (x.fqdn !== y.fqdn) return x.fqdn < y.fqdn
    if (x.subset !== y.subset) return x.subset < y.subset
    if (x.port !== y.port) return x.port < y.port
    return x.direction < y.direction
  })
  const rows: EdsRow[] = []
  const assignments: ClusterLoadAssignment[] = []
  for (const {cla} of keyed) {
    const cluster = text(cla.clusterName)
    let shown = false
    for (const group of objects(cla.endpoints)) {
      for (const ep of objects(group.lbEndpoints)) {
        if (!matchesLbEndpoint(ep, cluster, f)) continue
        shown = true
        rows.push({name: endpointAddresses(ep).join(','), status: ep.healthStatus ?? 'UNKNOWN', locality: localityString(group.locality), cluster})
      }
    }
    if (shown) assignments.push(withoutTypeUrl(cla))
  }
  return {rows, assignments}
}

function addressesOf(ep: LbEndpoint): Address[] {
  const extra = objects(ep.endpoint?.additionalAddresses).map((a) => a.address).filter((a): a is Address => isObject(a))
  return [ep.endpoint?.address ?? {}, ...extra]
}

/** `ip:port`, the pipe path as is, `envoy://listener/id`. */
export function endpointAddresses(ep: LbEndpoint): string[] {
  const out: string[] = []
  for (const a of addressesOf(ep)) {
    if (a.socketAddress) out.push(`${a.socketAddress.address ?? ''}:${a.socketAddress.portValue ?? 0}`)
    else if (a.pipe) out.push(a.pipe.path ?? '')
    else if (a.envoyInternalAddress?.serverListenerName !== undefined) out.push(`envoy://${a.envoyInternalAddress.serverListenerName}/${a.envoyInternalAddress.endpointId ?? ''}`)
  }
  return out
}

function matchesLbEndpoint(ep: LbEndpoint, cluster: string, f: EndpointFilter): boolean {
  if (f.address && !endpointAddresses(ep).some((a) => a.toLowerCase() === f.address?.toLowerCase())) return false
  if (f.port && !addressesOf(ep).some((a) => (a.socketAddress?.portValue ?? 0) === f.port)) return false
  if (f.cluster && cluster.toLowerCase() !== f.cluster.toLowerCase()) return false
  if (f.status && (ep.healthStatus ?? 'UNKNOWN').toLowerCase() !== f.status.toLowerCase()) return false
  return true
}

/** istio's util.LocalityToString: `region/zone/subZone`, stopping at the first empty part. */
export function localityString(l: Locality | undefined): string {
  if (!l) return ''
  let s = l.region ?? ''
  if (!l.zone) return s
  s += `/${l.zone}`
  if (!l.subZone) return s
  return `${s}/${l.subZone}`
}
