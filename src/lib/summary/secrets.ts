import {type CertSummary, certValidAt, summarizeCert} from '../envoy/certs.js'
import type {ConfigDump, DumpEntry} from '../envoy/config-dump.js'
import {objects, text} from '../envoy/lenient.js'
import type {DataSource, Secret} from '../envoy/types.js'

/** One line of `proxy-config secret` (istioctl's SecretItem): a certificate's summary, never key material. */
export interface SecretRow {
  name: string
  /** `Cert Chain`, `CA`, or empty when the secret holds no certificate */
  type: '' | 'CA' | 'Cert Chain'
  state: 'ACTIVE' | 'WARMING' | 'UNINITIALIZED'
  /** the certificate parsed and `now` is within its validity */
  valid: boolean
  serialNumber: string
  notAfter: string
  notBefore: string
  trustDomain: string
}

/**
 * The rows istioctl prints for the dynamic secrets: warming ones first, then active ones (an active secret
 * still at version `uninitialized` is UNINITIALIZED). A secret's certificate is its tls_certificate chain,
 * else its validation context's trusted CA, else (SPIRE federation) one row per trust domain of a SPIFFE
 * cert validator. `now` decides VALID CERT.
 */
export function secretRows(dump: ConfigDump, now: Date): SecretRow[] {
  const dynamic = dump.secrets.filter((e) => e.origin === 'dynamic')
  const ordered = [...dynamic.filter((e) => e.state === 'WARMING'), ...dynamic.filter((e) => e.state === 'ACTIVE')]
  return ordered.flatMap((e) => rowsOf(e, now))
}

function rowsOf(e: DumpEntry<Secret>, now: Date): SecretRow[] {
  const state = e.state === 'WARMING' ? 'WARMING' : e.versionInfo === 'uninitialized' ? 'UNINITIALIZED' : 'ACTIVE'
  const s = e.resource
  const pem = inlineBytes(s.tlsCertificate?.certificateChain) || inlineBytes(s.validationContext?.trustedCa)
  if (pem) return [row(e.name, state, summarizeCert(pem), now, undefined)]
  const trustDomains = spiffeTrustDomains(s)
  if (trustDomains.length > 0) return trustDomains.map((td) => row(e.name, state, summarizeCert(td.pem), now, td.name))
  return [row(e.name, state, undefined, now, undefined)]
}

function row(name: string, state: SecretRow['state'], cert: CertSummary | undefined, now: Date, trustDomain: string | undefined): SecretRow {
  if (!cert) return {name, type: '', state, valid: false, serialNumber: '', notAfter: '', notBefore: '', trustDomain: trustDomain ?? ''}
  return {
    name,
    type: cert.isCA ? 'CA' : 'Cert Chain',
    state,
    valid: certValidAt(cert, now),
    serialNumber: cert.serialNumber,
    notAfter: cert.notAfter,
    notBefore: cert.notBefore,
    trustDomain: trustDomain ?? cert.trustDomain ?? '',
  }
}

/** istioctl reads certificates from inline_bytes only (base64 in JSON). */
function inlineBytes(ds: DataSource | undefined): string {
  if (typeof ds?.inlineBytes !== 'string' || ds.inlineBytes === '') return ''
  return Buffer.from(ds.inlineBytes, 'base64').toString('latin1')
}

interface TrustDomainBundle {
  name: string
  pem: string
}

/** envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig.trust_domains */
function spiffeTrustDomains(s: Secret): TrustDomainBundle[] {
  const config = s.validationContext?.customValidatorConfig?.typedConfig as {trustDomains?: {name?: string; trustBundle?: DataSource}[]} | undefined
  if (!Array.isArray(config?.trustDomains)) return []
  return objects(config.trustDomains).map((td) => ({name: text(td.name), pem: inlineBytes(td.trustBundle)}))
}

/** The TRUST DOMAIN column is shown when every row has one (SPIRE federation). */
export function showTrustDomain(rows: readonly SecretRow[]): boolean {
  return rows.length > 0 && rows.every((r) => r.trustDomain !== '')
}

// ---- redaction -------------------------------------------------------------------------------------

/** What Envoy writes in place of a sensitive DataSource: the bytes of `[redacted]` (base64 in JSON). */
const REDACTED = '[redacted]'
const REDACTED_BYTES = Buffer.from(REDACTED).toString('base64')

/** Sensitive fields (udpa.annotations.sensitive in Envoy's tls protos), by the message that holds them. */
const SENSITIVE: Record<string, (parent: string | undefined) => boolean> = {
  privateKey: () => true,
  password: () => true,
  pkcs12: () => true,
  keys: (parent) => parent === 'sessionTicketKeys',
  secret: (parent) => parent === 'genericSecret',
}

const PRIVATE_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/

/**
 * A copy of a protojson document with key material replaced as Envoy's own redaction does: the inline
 * contents of sensitive fields (private_key, password, pkcs12, session ticket keys, generic secrets), and of
 * any DataSource whose text is a PEM private key, become `[redacted]`. Dumps are normally redacted by Envoy;
 * this makes sure an unredacted one (an old Envoy, a hand-made file) never reaches the screen.
 */
export function redactKeyMaterial<T>(value: T): T {
  return redact(value, undefined, false) as T
}

function redact(value: unknown, key: string | undefined, sensitive: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, key, sensitive))
  if (value === null || typeof value !== 'object') return value
  const o = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  const isPrivateKeyPem = holdsPrivateKey(o)
  for (const [k, v] of Object.entries(o)) {
    if ((sensitive || isPrivateKeyPem) && (k === 'inlineBytes' || k === 'inline_bytes') && typeof v === 'string') out[k] = REDACTED_BYTES
    else if ((sensitive || isPrivateKeyPem) && (k === 'inlineString' || k === 'inline_string') && typeof v === 'string') out[k] = REDACTED
    else out[k] = redact(v, k, SENSITIVE[k]?.(key) ?? false)
  }
  return out
}

function holdsPrivateKey(o: Record<string, unknown>): boolean {
  const s = o.inlineString ?? o.inline_string
  if (typeof s === 'string' && PRIVATE_KEY_PEM.test(s)) return true
  const b = o.inlineBytes ?? o.inline_bytes
  return typeof b === 'string' && PRIVATE_KEY_PEM.test(Buffer.from(b, 'base64').toString('latin1'))
}
