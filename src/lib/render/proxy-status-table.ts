import type {ProxyStatusRow} from '../pilot/status.js'
import {XDS_TYPES} from '../pilot/syncz.js'
import {table} from './table.js'

const HEADER = ['NAME', 'CLUSTER', ...XDS_TYPES, 'ISTIOD', 'VERSION']

/** istioctl's classic proxy-status table (Istio 1.14–1.26): tabwriter padding 5. */
export function proxyStatusTable(rows: readonly ProxyStatusRow[]): string {
  return table(HEADER, rows.map((r) => [r.name, r.cluster, ...XDS_TYPES.map((t) => r.states[t]), r.istiod, r.version]), 5)
}
