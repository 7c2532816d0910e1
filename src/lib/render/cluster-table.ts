import type {ClusterRow} from '../summary/clusters.js'
import {table} from './table.js'

const HEADER = ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE']

/**
 * `proxy-config cluster` short output; with `prefixed`, the NAME column of `proxy-config all`, where istioctl
 * also prefixes the FQDN cell of clusters whose name is not a subset key (`cluster/agent  cluster/agent`).
 */
export function clusterTable(rows: readonly ClusterRow[], prefixed = false): string {
  const cells = rows.map((r) => {
    if (!prefixed) return [r.fqdn, r.port, r.subset, r.direction, r.type, r.destinationRule]
    const name = `cluster/${r.name}`
    return [name, r.keyed ? r.fqdn : name, r.port, r.subset, r.direction, r.type, r.destinationRule]
  })
  return table(prefixed ? ['NAME', ...HEADER] : HEADER, cells, 5)
}
