import type {Any, CidrRange, Listener, Matcher, OnMatch, StringMatcher} from '../envoy/types.js'
import {describeStringMatcher, matchString, stringMatcherKind} from '../match/strings.js'
import {type ChainMatchInput, type ChainSelection, chainLabel} from './chain.js'
import {cidrContains, formatCidr} from './net.js'
import type {NearMiss} from './types.js'

/**
 * Evaluates a listener's `filter_chain_matcher` (the xds unified matcher) once per connection. The action
 * is a google.protobuf.StringValue naming a filter chain; when nothing matches, or the named chain does
 * not exist, `default_filter_chain` is used, else Envoy closes the connection. Every `filter_chain_match`
 * is ignored when the matcher is set.
 */
export function evaluateFilterChainMatcher(listener: Listener, conn: ChainMatchInput): ChainSelection {
  const chains = listener.filterChains ?? []
  const caveats: string[] = []
  const path: string[] = []
  const nearMisses: NearMiss[] = []
  const ignored = chains.filter((c) => c.filterChainMatch && Object.keys(c.filterChainMatch).length > 0).length
  if (ignored > 0) caveats.push(`filter_chain_matcher is set, so the filter_chain_match of ${ignored} chain(s) is ignored`)

  const action = evalMatcher(listener.filterChainMatcher as Matcher, conn, path, caveats, nearMisses)
  const name = action ? chainNameOf(action) : undefined
  if (name !== undefined) {
    const index = chains.findIndex((c) => c.name === name)
    if (index >= 0) {
      return {chain: chains[index], index, label: chainLabel(chains[index], index), rule: `filter_chain_matcher: ${path.join(' → ')} → chain ${name}`, nearMisses, caveats, decidedBy: path}
    }
    caveats.push(`filter_chain_matcher names chain "${name}", which the listener does not have`)
  }
  const why = name !== undefined ? `filter_chain_matcher picked the missing chain "${name}"` : `filter_chain_matcher has no match${path.length ? ` (${path.join(' → ')})` : ''}`
  if (listener.defaultFilterChain) {
    return {chain: listener.defaultFilterChain, index: 'default', label: chainLabel(listener.defaultFilterChain, 'default'), rule: `${why}: default_filter_chain`, nearMisses, caveats, decidedBy: path}
  }
  return {rule: `${why} and the listener has no default_filter_chain: Envoy closes the connection`, nearMisses, caveats, decidedBy: path}
}

type Action = NonNullable<OnMatch['action']>

function evalMatcher(m: Matcher, conn: ChainMatchInput, path: string[], caveats: string[], misses: NearMiss[]): Action | undefined {
  if (m.matcherTree) {
    const tree = m.matcherTree
    const input = inputOf(tree.input?.typedConfig, tree.input?.name, conn)
    const shown = `${input.label}=${input.value ?? '(none)'}`
    let hit: {key: string; onMatch: OnMatch} | undefined
    if (tree.exactMatchMap?.map) {
      const map = tree.exactMatchMap.map
      if (input.value !== undefined && map[input.value]) hit = {key: input.value, onMatch: map[input.value]}
      for (const key of Object.keys(map)) if (key !== input.value) misses.push({resource: `${input.label} "${key}"`, why: `${shown} is not "${key}"`})
    } else if (tree.prefixMatchMap?.map) {
      const map = tree.prefixMatchMap.map
      const keys = Object.keys(map).filter((k) => input.value?.startsWith(k)).sort((a, b) => b.length - a.length)
      if (keys.length > 0) hit = {key: `${keys[0]}*`, onMatch: map[keys[0]]}
      if (keys.length > 1) caveats.push(`prefix_match_map: several prefixes match ${input.value}; the longest (${keys[0]}) is used`)
    } else if (tree.customMatch) {
      const ranges = ipRangesOf(tree.customMatch.typedConfig)
      if (ranges === undefined) caveats.push(`custom matcher ${tree.customMatch.name ?? tree.customMatch.typedConfig?.['@type']} is not evaluated offline`)
      else if (input.value !== undefined) {
        const ip = input.value
        const matching = ranges.filter((r) => r.ranges.some((c) => cidrContains(c, ip)))
        const best = matching.sort((a, b) => longest(b.ranges, ip) - longest(a.ranges, ip))[0]
        if (best) hit = {key: best.ranges.map(formatCidr).join(','), onMatch: best.onMatch}
      }
    }
    if (hit) {
      path.push(`${shown} matches ${hit.key}`)
      const action = onMatchAction(hit.onMatch, conn, path, caveats, misses)
      if (action) return action
    } else path.push(`${shown}: no entry`)
  } else if (m.matcherList?.matchers) {
    for (const [i, fm] of m.matcherList.matchers.entries()) {
      const verdict = predicate(fm.predicate, conn, caveats)
      if (verdict.matched && fm.onMatch) {
        path.push(`matcher_list[${i}] ${verdict.shown}`)
        const action = onMatchAction(fm.onMatch, conn, path, caveats, misses)
        if (action) return action
      } else misses.push({resource: `matcher_list[${i}]`, why: `${verdict.shown} does not match`})
    }
  }
  if (m.onNoMatch) {
    path.push('on_no_match')
    return onMatchAction(m.onNoMatch, conn, path, caveats, misses)
  }
  return undefined
}

function onMatchAction(o: OnMatch, conn: ChainMatchInput, path: string[], caveats: string[], misses: NearMiss[]): Action | undefined {
  if (o.action) return o.action
  if (o.matcher) return evalMatcher(o.matcher, conn, path, caveats, misses)
  return undefined
}

function chainNameOf(action: Action): string | undefined {
  const v = action.typedConfig?.value
  return typeof v === 'string' ? v : undefined
}

/** The value a network matching input yields for this connection (Envoy's common_inputs.network.v3). */
function inputOf(config: Any | undefined, name: string | undefined, conn: ChainMatchInput): {label: string; value?: string} {
  const type = String(config?.['@type'] ?? name ?? '')
  const label = /\.([A-Za-z]+Input)$/.exec(type)?.[1] ?? type
  const value = ((): string | undefined => {
    switch (label) {
      case 'DestinationIPInput':
        return conn.destIp
      case 'DestinationPortInput':
        return String(conn.destPort)
      case 'ServerNameInput':
        return conn.serverName || undefined
      case 'TransportProtocolInput':
        return conn.transportProtocol
      case 'ApplicationProtocolInput':
        // Envoy joins the ALPN list quoted: 'h2','http/1.1'
        return conn.applicationProtocols.length > 0 ? conn.applicationProtocols.map((p) => `'${p}'`).join(',') : undefined
      case 'DirectSourceIPInput':
        return conn.directSourceIp
      case 'SourceIPInput':
        return conn.sourceIp
      case 'SourcePortInput':
        return conn.sourcePort === undefined ? undefined : String(conn.sourcePort)
      case 'SourceTypeInput':
        return conn.sourceIsLocal ? 'local' : undefined
      default:
        return undefined
    }
  })()
  return {label, value}
}

interface Verdict {
  matched: boolean
  shown: string
}

type Pred = Record<string, unknown>

/** matcher_list predicates: single (a StringMatcher on an input), and/or/not. */
function predicate(p: Pred | undefined, conn: ChainMatchInput, caveats: string[]): Verdict {
  if (!p) return {matched: false, shown: '(no predicate)'}
  const single = p.singlePredicate as {input?: {name?: string; typedConfig?: Any}; valueMatch?: StringMatcher} | undefined
  if (single) {
    const input = inputOf(single.input?.typedConfig, single.input?.name, conn)
    const vm = single.valueMatch ?? {}
    const shown = `${input.label}=${input.value ?? '(none)'}`
    if (input.value === undefined) return {matched: false, shown}
    if (stringMatcherKind(vm) === undefined) {
      caveats.push(`matcher_list predicate ${JSON.stringify(single)} is not evaluated offline (treated as no match)`)
      return {matched: false, shown}
    }
    return {matched: matchString(vm, input.value), shown: `${shown} ${describeStringMatcher(vm)}`}
  }
  const list = (key: string) => ((p[key] as {predicate?: Pred[]} | undefined)?.predicate ?? []).map((q) => predicate(q, conn, caveats))
  if (p.orMatcher) {
    const all = list('orMatcher')
    return {matched: all.some((v) => v.matched), shown: `(${all.map((v) => v.shown).join(' or ')})`}
  }
  if (p.andMatcher) {
    const all = list('andMatcher')
    return {matched: all.every((v) => v.matched), shown: `(${all.map((v) => v.shown).join(' and ')})`}
  }
  if (p.notMatcher) {
    const inner = predicate(p.notMatcher as Pred, conn, caveats)
    return {matched: !inner.matched, shown: `not ${inner.shown}`}
  }
  return {matched: false, shown: '(unknown predicate)'}
}

/** xds.type.matcher.v3.IPMatcher (envoy.matching.custom_matchers.trie_matcher): range matchers. */
function ipRangesOf(config: Any | undefined): {ranges: CidrRange[]; onMatch: OnMatch}[] | undefined {
  const rms = config?.rangeMatchers
  if (!Array.isArray(rms)) return undefined
  return rms.map((r: {ranges?: CidrRange[]; onMatch?: OnMatch}) => ({ranges: r.ranges ?? [], onMatch: r.onMatch ?? {}}))
}

function longest(ranges: CidrRange[], ip: string): number {
  return Math.max(-1, ...ranges.filter((r) => cidrContains(r, ip)).map((r) => r.prefixLen ?? 0))
}
