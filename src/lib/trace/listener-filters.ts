import type {ChainMatchInput} from './chain.js'
import {type ListenerView, listenerFilterKind} from './listener.js'
import type {Connection} from './types.js'

export interface DetectedConnection {
  input: ChainMatchInput
  /** what the listener filters found, in words */
  facts: string[]
  caveats: string[]
}

/**
 * The connection as a listener's filter chains see it, after its listener filters ran: tls_inspector sets
 * the transport protocol `tls`, the SNI and the ALPN of a ClientHello; http_inspector sets ALPN `http/1.1`
 * (or `h2c`) on plaintext HTTP; without them Envoy sets `raw_buffer` and no ALPN. The source address is not
 * known offline.
 */
export function detectConnection(view: ListenerView, conn: Connection): DetectedConnection {
  const filters = view.listener.listenerFilters ?? []
  const kinds = filters.map(listenerFilterKind)
  const facts: string[] = []
  const caveats: string[] = []
  const tlsInspector = kinds.includes('tls_inspector')
  const httpInspector = kinds.includes('http_inspector')
  for (const f of filters) {
    if (f.filterDisabled) caveats.push(`listener filter ${f.name} has filter_disabled; meshscope assumes it runs`)
  }
  let transportProtocol = 'raw_buffer'
  let serverName: string | undefined
  let alpn: string[] = []
  if (conn.protocol === 'tls') {
    if (tlsInspector) {
      transportProtocol = 'tls'
      serverName = conn.sni
      alpn = conn.alpn ?? []
      facts.push(`tls_inspector: transport_protocol tls, SNI ${serverName ?? '(none)'}, ALPN ${alpn.join(',') || '(none)'}`)
      if (conn.alpn === undefined) caveats.push('the client\'s ALPN is not known (use --alpn h2,http/1.1); assumed none')
    } else {
      facts.push('no tls_inspector: Envoy does not look into the TLS ClientHello (transport_protocol raw_buffer, no SNI)')
    }
  } else if (conn.protocol === 'http' && httpInspector) {
    alpn = conn.alpn ?? ['http/1.1']
    facts.push(`http_inspector: ALPN ${alpn.join(',')}${conn.alpn ? '' : ' (an HTTP/1.1 request; h2c would give h2c — use --alpn h2c)'}`)
  } else if (conn.alpn?.length) {
    caveats.push(`--alpn ${conn.alpn.join(',')} is ignored: no listener filter on ${view.name} detects application protocols on this connection`)
  }
  if (transportProtocol === 'raw_buffer' && facts.length === 0) facts.push('transport_protocol raw_buffer (no listener filter sets another)')
  return {
    input: {destIp: conn.destIp, destPort: conn.destPort, serverName, transportProtocol, applicationProtocols: alpn},
    facts,
    caveats,
  }
}
