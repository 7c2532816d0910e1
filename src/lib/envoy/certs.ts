import {X509Certificate} from 'node:crypto'

/**
 * What `proxy-config secret` shows of a certificate, read with node:crypto. Only the first PEM block is
 * looked at (Go's pem.Decode, as istioctl), and only when it is a CERTIFICATE: this module never parses,
 * returns or prints key material.
 */
export interface CertSummary {
  /** lowercase hex of the serial's big-endian bytes (istioctl prints e.g. `0193a543…`) */
  readonly serialNumber: string
  /** RFC 3339, UTC, whole seconds (Go's time.RFC3339) */
  readonly notBefore: string
  readonly notAfter: string
  readonly isCA: boolean
  readonly subject: string
  readonly issuer: string
  /** the URI SANs (a workload cert's SPIFFE identity) */
  readonly uris: readonly string[]
  /** the trust domain of the first spiffe:// URI SAN */
  readonly trustDomain?: string
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/

/** The first PEM block's certificate, or undefined when the text holds none (or the first block is not one). */
export function summarizeCert(pem: string): CertSummary | undefined {
  const block = PEM_BLOCK.exec(pem)
  if (block?.[1] !== 'CERTIFICATE') return undefined
  let cert: X509Certificate
  try {
    cert = new X509Certificate(block[0])
  } catch {
    return undefined
  }
  const uris = sanUris(cert.subjectAltName)
  const spiffe = uris.find((u) => u.startsWith('spiffe://'))
  return {
    serialNumber: serialHex(cert.serialNumber),
    notBefore: rfc3339(cert.validFrom),
    notAfter: rfc3339(cert.validTo),
    isCA: cert.ca,
    subject: cert.subject ?? '',
    issuer: cert.issuer ?? '',
    uris,
    trustDomain: spiffe ? /^spiffe:\/\/([^/]*)/.exec(spiffe)?.[1] || undefined : undefined,
  }
}

/** istioctl's VALID CERT: now is strictly inside (NotBefore, NotAfter). */
export function certValidAt(cert: CertSummary, now: Date): boolean {
  return now.getTime() > Date.parse(cert.notBefore) && now.getTime() < Date.parse(cert.notAfter)
}

/** OpenSSL prints the serial as upper-case hex of whole bytes; drop a sign byte and use lower case. */
function serialHex(serial: string): string {
  const hex = serial.toLowerCase().replace(/:/g, '')
  const even = hex.length % 2 === 1 ? `0${hex}` : hex
  return even.replace(/^(00)+(?=..)/, '')
}

/** `May 16 01:32:52 2023 GMT` → `2023-05-16T01:32:52Z` */
function rfc3339(openssl: string): string {
  const t = Date.parse(openssl)
  return Number.isNaN(t) ? '' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `URI:spiffe://a/b, DNS:x` (newer Node quotes values with special characters: `URI:"…"`). */
function sanUris(san: string | undefined): string[] {
  if (!san) return []
  const out: string[] = []
  for (const m of san.matchAll(/(?:^|, )URI:(?:"((?:[^"\\]|\\.)*)"|([^,]*))/g)) {
    out.push(m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : m[2])
  }
  return out
}
