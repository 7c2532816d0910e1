import type {ListenerRow, ListenerTypeRow} from '../summary/listeners.js'
import {table} from './table.js'

const HEADER = ['ADDRESSES', 'PORT', 'MATCH', 'DESTINATION']
const TYPE_HEADER = ['ADDRESSES', 'PORT', 'TYPE']

/** `proxy-config listener` short output; with `prefixed`, the NAME column of `proxy-config all`. */
export function listenerTable(rows: readonly ListenerRow[], prefixed = false): string {
  const cells = rows.map((r) => withName(prefixed, r.name, [r.addresses, r.port, r.match, r.destination]))
  return table(prefixed ? ['NAME', ...HEADER] : HEADER, cells, 1)
}

/** `proxy-config listener --verbose=false`: one line per listener with its type. */
export function listenerTypeTable(rows: readonly ListenerTypeRow[], prefixed = false): string {
  const cells = rows.map((r) => withName(prefixed, r.name, [r.addresses, r.port, r.type]))
  return table(prefixed ? ['NAME', ...TYPE_HEADER] : TYPE_HEADER, cells, 1)
}

function withName(prefixed: boolean, name: string, row: string[]): string[] {
  return prefixed ? [`listener/${name}`, ...row] : row
}
