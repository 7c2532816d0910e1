/**
 * The HTTP request that route matching evaluates: one model shared by trace-route and route-check.
 * Header names are lower-case; pseudo-headers (`:authority`, `:path`, `:method`, `:scheme`) are present
 * as Envoy sees them, so header matchers on them work as in Envoy.
 */
export interface HttpRequest {
  /** Host / :authority as sent (not yet lower-cased; vhost matching lower-cases it as Envoy does). */
  authority: string
  /** :path including the query string, e.g. `/api/v1?x=1`. */
  path: string
  method: string
  scheme: 'http' | 'https'
  /** All headers by lower-case name, pseudo-headers included; repeated headers keep every value in order. */
  headers: ReadonlyMap<string, readonly string[]>
  /** The request arrived over TLS (route match `tls_context`, vhost `require_tls`). */
  ssl: boolean
  /** The request comes from inside the mesh (x-envoy-internal), for `require_tls: EXTERNAL_ONLY`. */
  internal: boolean
  /** The random value Envoy would draw, for weighted clusters and runtime fractions (`--random`). */
  randomValue: number
  /** Runtime overrides by key (route-check `runtime`); absent keys use the config's defaults. */
  runtime: ReadonlyMap<string, number>
  /**
   * The downstream client certificate, for route match `tls_context`. Unknown when absent: a TLS request is
   * then assumed to satisfy it (with a caveat), a plaintext one presents no certificate.
   */
  peerCertificate?: {presented: boolean; validated: boolean}
  /** Stream dynamic metadata by filter namespace (route match `dynamic_metadata`; route-check input). */
  dynamicMetadata?: Readonly<Record<string, unknown>>
}

export interface HttpRequestInit {
  authority: string
  path?: string
  method?: string
  scheme?: 'http' | 'https'
  headers?: Iterable<[string, string]>
  ssl?: boolean
  internal?: boolean
  randomValue?: number
  runtime?: Iterable<[string, number]>
  peerCertificate?: {presented: boolean; validated: boolean}
  dynamicMetadata?: Readonly<Record<string, unknown>>
}

/** Builds a request with Envoy's pseudo-headers filled in. */
export function httpRequest(init: HttpRequestInit): HttpRequest {
  const path = init.path ?? '/'
  const method = (init.method ?? 'GET').toUpperCase()
  const scheme = init.scheme ?? (init.ssl ? 'https' : 'http')
  const headers = new Map<string, string[]>()
  const add = (k: string, v: string) => {
    const key = k.toLowerCase()
    const list = headers.get(key) ?? []
    list.push(v)
    headers.set(key, list)
  }
  add(':authority', init.authority)
  add(':path', path)
  add(':method', method)
  add(':scheme', scheme)
  for (const [k, v] of init.headers ?? []) {
    if (k.toLowerCase() === 'host') continue
    add(k, v)
  }
  return {
    authority: init.authority,
    path,
    method,
    scheme,
    headers,
    ssl: init.ssl ?? false,
    internal: init.internal ?? false,
    randomValue: init.randomValue ?? 0,
    runtime: new Map(init.runtime ?? []),
    peerCertificate: init.peerCertificate,
    dynamicMetadata: init.dynamicMetadata,
  }
}
