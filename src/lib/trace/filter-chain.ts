import type {CidrRange, FilterChainMatch, Listener} from '../envoy/types.js'
import {type ChainMatchInput, type ChainSelection, chainLabel} from './chain.js'
import {evaluateFilterChainMatcher} from './filter-chain-matcher.js'
import {cidrContains, formatCidr} from './net.js'
import type {NearMiss} from './types.js'

/**
 * Picks a listener's filter chain as Envoy's FilterChainManagerImpl does. With `filter_chain_matcher` the
 * matcher tree decides and every `filter_chain_match` is ignored. Otherwise the criteria are applied in
 * order — destination port, destination IP, server name, transport protocol, application protocols,
 * direct source IP, source type, source IP, source port — keeping at each step only the most specific
 * set that matches, with no backtracking; when a step leaves nothing, `default_filter_chain` is used.
 */
export function selectFilterChain(listener: Listener, conn: ChainMatchInput): ChainSelection {
  if (listener.filterChainMatcher) return evaluateFilterChainMatcher(listener, conn)
  const chains = listener.filterChains ?? []
  const nearMisses: NearMiss[] = []
  const caveats: string[] = []
  const decidedBy: string[] = []
  let group = chains.map((_c, i) => i)
  const m = (i: number): FilterChainMatch => chains[i].filterChainMatch ?? {}
  const drop = (keep: number[], why: (i: number) => string) => {
    for (const i of group) if (!keep.includes(i)) nearMisses.push({resource: chainLabel(chains[i], i), why: why(i)})
    group = keep
  }

  const steps: (() => boolean)[] = [
    // 1. destination port: a sub-tree for the exact port, else the port-less chains (never both)
    () => {
      const exact = group.filter((i) => (m(i).destinationPort ?? 0) === conn.destPort && conn.destPort !== 0)
      if (exact.length > 0) {
        decidedBy.push(`destination_port=${conn.destPort}`)
        drop(exact, (i) =>
          m(i).destinationPort
            ? `destination_port ${m(i).destinationPort} ≠ ${conn.destPort}`
            : `has no destination_port: chains for port ${conn.destPort} exist, so Envoy searches only those (no fallback to port-less chains)`,
        )
      } else {
        drop(group.filter((i) => !m(i).destinationPort), (i) => `destination_port ${m(i).destinationPort} ≠ ${conn.destPort}`)
      }
      return group.length > 0
    },
    // 2. destination IP: longest matching prefix_ranges
    () => cidrStep('prefix_ranges', (i) => m(i).prefixRanges, conn.destIp, 'destination IP'),
    // 3. server name: exact, then wildcards walking up the labels, then chains without server_names
    () => {
      const sni = (conn.serverName ?? '').toLowerCase()
      const names = (i: number) => (m(i).serverNames ?? []).map((n) => n.toLowerCase().replace(/^\*\./, '.'))
      if (!group.some((i) => names(i).length > 0)) return true
      const candidates = sni === '' ? [] : [sni, ...wildcardsOf(sni)]
      for (const name of candidates) {
        const hit = group.filter((i) => names(i).includes(name))
        if (hit.length > 0) {
          decidedBy.push(`server_names=${name.startsWith('.') ? `*${name}` : name}`)
          drop(hit, (i) => (names(i).length ? `server_names ${m(i).serverNames?.join(',')} do not contain ${name}` : `has no server_names, and ${name} matched a chain that lists it`))
          return true
        }
      }
      decidedBy.push(`server_names unspecified (no chain lists ${sni || 'an empty SNI'})`)
      drop(group.filter((i) => names(i).length === 0), (i) =>
        sni === '' ? `server_names ${m(i).serverNames?.join(',')}: the connection sends no SNI` : `server_names ${m(i).serverNames?.join(',')} do not match SNI ${sni}`,
      )
      return group.length > 0
    },
    // 4. transport protocol: exact, then unspecified
    () => exactThenAny('transport_protocol', (i) => (m(i).transportProtocol ? [m(i).transportProtocol as string] : []), [conn.transportProtocol]),
    // 5. application protocols: the connection's ALPN in its order, first one some chain lists; then unspecified
    () => exactThenAny('application_protocols', (i) => m(i).applicationProtocols ?? [], conn.applicationProtocols),
    // 6. direct source IP
    () => cidrStep('direct_source_prefix_ranges', (i) => m(i).directSourcePrefixRanges, conn.directSourceIp, 'direct source IP'),
    // 7. source type
    () => {
      const type = (i: number) => m(i).sourceType ?? 'ANY'
      const local = group.filter((i) => type(i) === 'SAME_IP_OR_LOOPBACK')
      const external = group.filter((i) => type(i) === 'EXTERNAL')
      if (local.length === 0 && external.length === 0) return true
      if (conn.sourceIsLocal === undefined) caveats.push('source_type: the source address is not known; assumed EXTERNAL (a different host, not loopback)')
      const isLocal = conn.sourceIsLocal ?? false
      const pick = isLocal && local.length > 0 ? local : !isLocal && external.length > 0 ? external : group.filter((i) => type(i) === 'ANY')
      if (pick !== local && pick !== external) decidedBy.push('source_type=ANY')
      else decidedBy.push(`source_type=${isLocal ? 'SAME_IP_OR_LOOPBACK' : 'EXTERNAL'}`)
      drop(pick, (i) => `source_type ${type(i)} does not apply to a ${isLocal ? 'local' : 'external'} source`)
      return group.length > 0
    },
    // 8. source IP, 9. source port
    () => cidrStep('source_prefix_ranges', (i) => m(i).sourcePrefixRanges, conn.sourceIp, 'source IP'),
    () => {
      const ports = (i: number) => m(i).sourcePorts ?? []
      if (!group.some((i) => ports(i).length > 0)) return true
      const exact = conn.sourcePort === undefined ? [] : group.filter((i) => ports(i).includes(conn.sourcePort as number))
      if (conn.sourcePort === undefined) caveats.push('source_ports: the source port is not known; only chains without source_ports can match')
      if (exact.length > 0) {
        decidedBy.push(`source_ports=${conn.sourcePort}`)
        drop(exact, (i) => `source_ports ${ports(i).join(',') || '(any)'}: a chain listing ${conn.sourcePort} is more specific`)
      } else drop(group.filter((i) => ports(i).length === 0), (i) => `source_ports ${ports(i).join(',')} do not contain the source port`)
      return group.length > 0
    },
  ]

  for (const step of steps) {
    if (!step()) return fallBack(listener, nearMisses, caveats, decidedBy)
  }
  if (group.length > 1) {
    caveats.push(`${group.length} chains match identically (${group.map((i) => chainLabel(chains[i], i)).join(', ')}); Envoy rejects such a listener, the first is shown`)
  }
  const index = group[0]
  return {
    chain: chains[index],
    index,
    label: chainLabel(chains[index], index),
    rule: decidedBy.length > 0 ? `filter_chain_match, in Envoy's order: ${decidedBy.join(' → ')}` : 'the only chain left: its filter_chain_match is empty (matches any connection)',
    nearMisses,
    caveats,
    decidedBy,
  }

  // ---- shared step shapes ----

  function cidrStep(field: string, rangesOf: (i: number) => CidrRange[] | undefined, ip: string | undefined, what: string): boolean {
    const specified = (i: number) => (rangesOf(i) ?? []).length > 0
    if (!group.some(specified)) return true
    if (ip === undefined) {
      caveats.push(`${field}: the ${what} is not known; assumed outside every listed range (only chains without ${field} can match)`)
      drop(group.filter((i) => !specified(i)), (i) => `${field} ${rangesOf(i)?.map(formatCidr).join(',')}: ${what} not known`)
      return group.length > 0
    }
    // unspecified ranges stand for 0.0.0.0/0 and ::/0
    const best = (i: number) => {
      const ranges = specified(i) ? (rangesOf(i) as CidrRange[]) : [{addressPrefix: '0.0.0.0', prefixLen: 0}, {addressPrefix: '::', prefixLen: 0}]
      return Math.max(-1, ...ranges.filter((r) => cidrContains(r, ip)).map((r) => r.prefixLen ?? 0))
    }
    const longest = Math.max(-1, ...group.map(best))
    const keep = longest < 0 ? [] : group.filter((i) => best(i) === longest)
    if (longest > 0 || keep.some(specified)) decidedBy.push(`${field}∋${ip} (/${longest})`)
    drop(keep, (i) =>
      best(i) < 0 ? `${field} ${rangesOf(i)?.map(formatCidr).join(',')} do not contain ${ip}` : `${field} matches ${ip} with /${best(i)}, but a /${longest} range is more specific`,
    )
    return group.length > 0
  }

  function exactThenAny(field: string, valuesOf: (i: number) => readonly string[], offered: readonly string[]): boolean {
    if (!group.some((i) => valuesOf(i).length > 0)) return true
    for (const value of offered) {
      const hit = group.filter((i) => valuesOf(i).includes(value))
      if (hit.length > 0) {
        decidedBy.push(`${field}=${value}`)
        drop(hit, (i) => (valuesOf(i).length ? `${field} ${valuesOf(i).join(',')} do not contain ${value}` : `has no ${field}, and a chain listing ${value} is more specific`))
        return true
      }
    }
    const shown = offered.length > 0 ? offered.join(',') : '(none)'
    decidedBy.push(offered.length > 0 ? `${field} unspecified (no chain lists ${shown})` : `${field} unspecified (the connection offers none)`)
    drop(group.filter((i) => valuesOf(i).length === 0), (i) => `${field} ${valuesOf(i).join(',')}: the connection has ${shown}`)
    return group.length > 0
  }
}

function fallBack(listener: Listener, nearMisses: NearMiss[], caveats: string[], decidedBy: string[]): ChainSelection {
  const base = {nearMisses, caveats, decidedBy}
  const narrowed = decidedBy.length > 0 ? ` (after ${decidedBy.join(' → ')})` : ''
  if (listener.defaultFilterChain) {
    const label = chainLabel(listener.defaultFilterChain, 'default')
    const why = (listener.filterChains ?? []).length === 0 ? 'the listener has only a default_filter_chain' : `no filter_chain_match fits${narrowed}: default_filter_chain`
    return {...base, chain: listener.defaultFilterChain, index: 'default', label, rule: why}
  }
  return {...base, rule: `no filter chain matches the connection${narrowed} and the listener has no default_filter_chain: Envoy closes the connection (no_filter_chain_match)`}
}

/** `.example.com`, `.com` for `www.example.com` (Envoy stores `*.example.com` as `.example.com`). */
function wildcardsOf(name: string): string[] {
  const out: string[] = []
  let pos = name.indexOf('.', 1)
  while (pos !== -1 && pos < name.length - 1) {
    out.push(name.slice(pos))
    pos = name.indexOf('.', pos + 1)
  }
  return out
}
