import {field} from '../../envoy/proto-json.js'
import {secretRows} from '../../summary/secrets.js'
import type {ProxySnapshot} from '../types.js'

/** A certificate a proxy holds, as far as check needs it (never key material). */
export interface HeldCert {
  /** the secret (`default`, `ROOTCA`) or /certs entry it came from */
  name: string
  isCA: boolean
  serialNumber: string
  notBefore?: string
  notAfter: string
}

/**
 * The proxy's certificates: its SDS secrets in the config dump (workload chain and root CA, as
 * `proxy-config secret` reads them), else the admin API's /certs.
 */
export function heldCerts(s: ProxySnapshot, now: Date): HeldCert[] {
  const fromSecrets = secretRows(s.dump, now)
    .filter((r) => r.type !== '' && r.notAfter !== '')
    .map((r) => ({name: r.name, isCA: r.type === 'CA', serialNumber: r.serialNumber, notBefore: r.notBefore, notAfter: r.notAfter}))
  if (fromSecrets.length > 0) return fromSecrets
  return s.certs === undefined ? [] : fromCertsEndpoint(s.certs)
}

/** /certs: {certificates: [{ca_cert: [CertificateDetails], cert_chain: [CertificateDetails]}]} */
function fromCertsEndpoint(doc: unknown): HeldCert[] {
  const out: HeldCert[] = []
  const certificates = field<unknown[]>(doc, 'certificates')
  for (const c of Array.isArray(certificates) ? certificates : []) {
    for (const [key, isCA] of [['ca_cert', true], ['cert_chain', false]] as const) {
      const details = field<unknown[]>(c, key)
      // the first cert_chain entry is the leaf; the rest are intermediates the leaf's expiry already covers
      const list = Array.isArray(details) ? (isCA ? details : details.slice(0, 1)) : []
      for (const d of list) {
        const notAfter = field<string>(d, 'expiration_time')
        if (typeof notAfter !== 'string') continue
        out.push({
          name: String(field(d, 'path') ?? (isCA ? 'ca_cert' : 'cert_chain')),
          isCA,
          serialNumber: String(field(d, 'serial_number') ?? ''),
          notBefore: field<string>(d, 'valid_from'),
          notAfter,
        })
      }
    }
  }
  return out
}
