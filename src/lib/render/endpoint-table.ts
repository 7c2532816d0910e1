import type {EdsRow} from '../summary/eds.js'
import type {EndpointRow} from '../summary/endpoints.js'
import {table} from './table.js'

/** `proxy-config endpoint` short output (from /clusters). */
export function endpointTable(rows: readonly EndpointRow[]): string {
  return table(['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER'], rows.map((r) => [r.endpoint, r.status, r.outlierCheck, r.cluster]), 5)
}

/** `proxy-config eds` short output; with `prefixed`, the endpoint section of `proxy-config all` (`endpoint/<addr>`). */
export function edsTable(rows: readonly EdsRow[], prefixed = false): string {
  return table(['NAME', 'STATUS', 'LOCALITY', 'CLUSTER'], rows.map((r) => [prefixed ? `endpoint/${r.name}` : r.name, r.status, r.locality, r.cluster]), 5)
}
