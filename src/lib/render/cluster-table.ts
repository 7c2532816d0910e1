import type {ClusterRow} from '../summary/clusters.js'
import {table} from './table.js'

const HEADER = ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE']

/** `proxy-config cluster` short output; with `prefixed`, the NAME column of `proxy-config all`. */
export function clusterTable(rows: readonly ClusterRow[], prefixed = false): string {
  const cells = rows.map((r) => {
    const row = [r.fqdn, r.port, r.subset, r.direction, r.type, r.destinationRule]
    return prefixed ? [`cluster/${r.name}`, ...row] : row
  })
  return table(prefixed ? ['NAME', ...HEADER] : HEADER, cells, 5)
}
