import type {ConfigDump, DumpEntry} from '../envoy/config-dump.js'
import {text} from '../envoy/lenient.js'
import {field, type Shape} from '../envoy/proto-json.js'
import type {Cluster} from '../envoy/types.js'
import {describeManagement, parseSubsetKey, sortKey} from './istio-names.js'

/** istioctl's cluster filters: substring matches on the cluster name, and `|PORT|`. */
export interface ClusterFilter {
  fqdn?: string
  port?: number
  subset?: string
  direction?: string
}

export function matchesCluster(name: string, f: ClusterFilter): boolean {
  if (f.fqdn && !name.includes(f.fqdn)) return false
  if (f.direction && !name.includes(f.direction)) return false
  if (f.subset && !name.includes(f.subset)) return false
  if (f.port && !name.includes(`|${f.port}|`)) return false
  return true
}

/**
 * Active and static clusters (warming ones are not shown, as istioctl), sorted by fqdn, subset, port, direction.
 * Entries, not resources: the short table reads three fields from each, and only `-o json` converts them all.
 */
export function selectClusters(dump: ConfigDump, filter: ClusterFilter): DumpEntry<Cluster>[] {
  const shown = dump.clusters.filter((e) => e.state === 'ACTIVE' && matchesCluster(e.name, filter))
  const keyed = shown.map((e) => ({key: sortKey(e.name), entry: e}))
  keyed.sort((a, b) => cmp(a.key.fqdn, b.key.fqdn) || cmp(a.key.subset, b.key.subset) || a.key.port - b.key.port || cmp(a.key.direction, b.key.direction))
  return keyed.map((k) => k.entry)
}

/** Envoy's discovery type: a custom cluster_type's name, else the `type` enum (STATIC when unset). Reads either spelling. */
export function clusterType(c: unknown): string {
  const custom = text(field(field(c, 'cluster_type'), 'name'))
  if (custom) return custom
  return text(field(c, 'type')) || 'STATIC'
}

export interface ClusterRow {
  name: string
  fqdn: string
  port: string
  subset: string
  direction: string
  type: string
  destinationRule: string
  /** the name follows Istio's `direction|port|subset|fqdn` grammar */
  keyed: boolean
}

/** What clusterRow (and selectClusters) read of a cluster: a table parses only these (see SectionShapes). */
export const CLUSTER_ROW_FIELDS: Shape = {'@type': true, name: true, type: true, cluster_type: true, metadata: true}

export function clusterRow(e: DumpEntry<Cluster>): ClusterRow {
  const name = e.name
  const key = parseSubsetKey(name)
  const base = {name, type: clusterType(e.raw), destinationRule: describeManagement(field(e.raw, 'metadata'))}
  if (!key) return {...base, keyed: false, fqdn: name, port: '-', subset: '-', direction: '-'}
  return {...base, keyed: true, fqdn: key.fqdn, port: String(key.port), subset: key.subset || '-', direction: key.direction}
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
