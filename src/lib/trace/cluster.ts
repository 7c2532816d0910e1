import type {Any, Cluster, TransportSocket} from '../envoy/types.js'
import {clusterType} from '../summary/clusters.js'
import {describeManagement} from '../summary/istio-names.js'

/** What the cluster hop reports about an upstream cluster (Cluster proto fields, defaults filled in). */
export interface ClusterFacts {
  type: string
  lbPolicy: string
  connectTimeout?: string
  edsServiceName?: string
  tls: TlsFacts
  circuitBreakers?: unknown
  outlierDetection?: unknown
  healthChecks: number
  /** the Istio DestinationRule that produced it (metadata istio.config), e.g. reviews.default */
  destinationRule?: string
}

export interface TlsFacts {
  /** none: plaintext; tls: one transport socket for every endpoint; per-endpoint: transport_socket_matches decide */
  mode: 'none' | 'tls' | 'per-endpoint'
  sni?: string
  alpn?: string[]
  /** SDS secret names (Istio: default, ROOTCA) or certificate files */
  certificates?: string[]
  matches?: {name: string; match: unknown; tls: boolean}[]
}

export function clusterFacts(c: Cluster): ClusterFacts {
  const facts: ClusterFacts = {
    type: clusterType(c),
    lbPolicy: c.lbPolicy ?? 'ROUND_ROBIN',
    connectTimeout: c.connectTimeout,
    tls: tlsFacts(c),
    healthChecks: c.healthChecks?.length ?? 0,
  }
  if (c.edsClusterConfig?.serviceName) facts.edsServiceName = c.edsClusterConfig.serviceName
  if (c.circuitBreakers?.thresholds?.length) facts.circuitBreakers = c.circuitBreakers
  if (c.outlierDetection) facts.outlierDetection = c.outlierDetection
  // istioctl's short form (reviews.default) when it can render the path, else the path itself (old Istio)
  const dr = describeManagement(c.metadata)
  const path = c.metadata?.filterMetadata?.istio?.config
  if (dr && dr !== '<unknown>') facts.destinationRule = dr
  else if (typeof path === 'string') facts.destinationRule = path
  return facts
}

function tlsFacts(c: Cluster): TlsFacts {
  if (c.transportSocketMatches?.length) {
    return {
      mode: 'per-endpoint',
      matches: c.transportSocketMatches.map((m) => ({name: m.name ?? '', match: m.match ?? {}, tls: isTls(m.transportSocket)})),
      ...upstreamTls(c.transportSocketMatches.find((m) => isTls(m.transportSocket))?.transportSocket?.typedConfig),
    }
  }
  if (isTls(c.transportSocket)) return {mode: 'tls', ...upstreamTls(c.transportSocket?.typedConfig)}
  if (c.tlsContext) return {mode: 'tls', ...upstreamTls(c.tlsContext)}
  return {mode: 'none'}
}

export function isTls(ts: TransportSocket | undefined): boolean {
  if (!ts) return false
  const type = String(ts.typedConfig?.['@type'] ?? '')
  return /tls$|\.tls\b/.test(ts.name ?? '') || /UpstreamTlsContext$|DownstreamTlsContext$/.test(type)
}

/** sni, ALPN and certificate sources of an UpstreamTlsContext (v3 typed config or the v2 tls_context). */
function upstreamTls(ctx: Any | Record<string, unknown> | undefined): Omit<TlsFacts, 'mode'> {
  if (!ctx) return {}
  const common = (ctx.commonTlsContext ?? {}) as {
    alpnProtocols?: string[]
    tlsCertificateSdsSecretConfigs?: {name?: string}[]
    tlsCertificates?: {certificateChain?: {filename?: string}}[]
    combinedValidationContext?: {validationContextSdsSecretConfig?: {name?: string}}
    validationContextSdsSecretConfig?: {name?: string}
  }
  const certs = [
    ...(common.tlsCertificateSdsSecretConfigs ?? []).map((s) => s.name ?? ''),
    ...(common.tlsCertificates ?? []).map((t) => t.certificateChain?.filename ?? ''),
    common.combinedValidationContext?.validationContextSdsSecretConfig?.name ?? common.validationContextSdsSecretConfig?.name ?? '',
  ].filter((s) => s !== '')
  const out: Omit<TlsFacts, 'mode'> = {}
  if (typeof ctx.sni === 'string') out.sni = ctx.sni
  if (common.alpnProtocols?.length) out.alpn = common.alpnProtocols
  if (certs.length) out.certificates = certs
  return out
}

/** A one-line summary for the walkthrough: `EDS, ROUND_ROBIN, mTLS (sni …)`. */
export function describeTls(t: TlsFacts): string {
  if (t.mode === 'none') return 'plaintext'
  const sni = t.sni ? ` sni ${t.sni}` : ''
  if (t.mode === 'tls') return `TLS${sni}`
  return `per endpoint: ${(t.matches ?? []).map((m) => `${m.name || '(unnamed)'}=${m.tls ? 'TLS' : 'plaintext'}`).join(', ')}${sni ? ` (TLS${sni})` : ''}`
}
