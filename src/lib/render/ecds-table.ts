import type {EcdsRow} from '../summary/ecds.js'
import {table} from './table.js'

/** `proxy-config ecds` short output. */
export function ecdsTable(rows: readonly EcdsRow[]): string {
  return table(['ECDS NAME', 'TYPE'], rows.map((r) => [r.name, r.type]), 5)
}
