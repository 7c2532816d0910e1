import type {FilterChain, FilterChainMatch} from '../envoy/types.js'
import {formatCidr} from './net.js'
import type {NearMiss} from './types.js'

/** The connection as filter-chain matching sees it, after the listener filters ran. */
export interface ChainMatchInput {
  destIp?: string
  destPort: number
  /** SNI from tls_inspector; '' or undefined when none */
  serverName?: string
  /** `tls` (tls_inspector saw a ClientHello) or `raw_buffer` (Envoy's default) */
  transportProtocol: string
  /** ALPN in the connection's order (tls_inspector) or http/1.1 / h2c (http_inspector) */
  applicationProtocols: readonly string[]
  directSourceIp?: string
  sourceIp?: string
  sourcePort?: number
  /** source IP equals the destination or is loopback; undefined = not known */
  sourceIsLocal?: boolean
}

export interface ChainSelection {
  chain?: FilterChain
  /** index into filter_chains, or 'default' for default_filter_chain */
  index?: number | 'default'
  label?: string
  rule: string
  nearMisses: NearMiss[]
  caveats: string[]
  /** the criteria that decided, in Envoy's order: e.g. destination_port=9080 */
  decidedBy: string[]
}

/** `name` if the chain has one, else `#index` and what it matches on. */
export function chainLabel(chain: FilterChain, index: number | 'default'): string {
  const id = index === 'default' ? 'default_filter_chain' : `#${index}`
  if (chain.name) return index === 'default' ? `${chain.name} (default_filter_chain)` : chain.name
  const what = describeChainMatch(chain.filterChainMatch)
  return what ? `${id} (${what})` : id
}

export function describeChainMatch(m: FilterChainMatch | undefined): string {
  if (!m) return ''
  const parts: string[] = []
  if (m.destinationPort) parts.push(`destination_port=${m.destinationPort}`)
  if (m.prefixRanges?.length) parts.push(`prefix_ranges=${m.prefixRanges.map(formatCidr).join(',')}`)
  if (m.serverNames?.length) parts.push(`server_names=${m.serverNames.join(',')}`)
  if (m.transportProtocol) parts.push(`transport_protocol=${m.transportProtocol}`)
  if (m.applicationProtocols?.length) parts.push(`application_protocols=${m.applicationProtocols.join(',')}`)
  if (m.directSourcePrefixRanges?.length) parts.push(`direct_source_prefix_ranges=${m.directSourcePrefixRanges.map(formatCidr).join(',')}`)
  if (m.sourceType && m.sourceType !== 'ANY') parts.push(`source_type=${m.sourceType}`)
  if (m.sourcePrefixRanges?.length) parts.push(`source_prefix_ranges=${m.sourcePrefixRanges.map(formatCidr).join(',')}`)
  if (m.sourcePorts?.length) parts.push(`source_ports=${m.sourcePorts.join(',')}`)
  return parts.join(' ')
}
