import type {SecretRow} from '../summary/secrets.js'
import {table} from './table.js'
import {tabwrite} from './tabwriter.js'

const HEADER = ['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE']

/**
 * `proxy-config secret` short output; `trustDomain` adds istioctl's TRUST DOMAIN column (see showTrustDomain),
 * and `prefixed` names rows `secret/<name>` as `proxy-config all` does.
 */
export function secretTable(rows: readonly SecretRow[], opts: {trustDomain?: boolean; prefixed?: boolean} = {}): string {
  if (rows.length === 0) return tabwrite('No active or warming secrets found.\n', {padding: 5})
  const cells = rows.map((r) => {
    const row = [opts.prefixed ? `secret/${r.name}` : r.name, r.type, r.state, String(r.valid), r.serialNumber, r.notAfter, r.notBefore]
    return opts.trustDomain ? [...row, r.trustDomain] : row
  })
  return table(opts.trustDomain ? [...HEADER, 'TRUST DOMAIN'] : HEADER, cells, 5)
}
