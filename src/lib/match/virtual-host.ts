import type {RouteConfiguration, VirtualHost} from '../envoy/types.js'
import {headerValue} from './headers.js'
import type {HttpRequest} from './request.js'

/**
 * Virtual host selection, as RouteMatcher::findVirtualHost does it (envoy-semantics.md §2.1): the host is
 * lower-cased (after optional port stripping), then exact domains, then suffix wildcards (`*.foo.com`,
 * longest suffix first), then prefix wildcards (`foo.*`, longest first), then `*`. A wildcard never
 * matches an empty remainder.
 */

export type VirtualHostRule = 'exact' | 'suffix-wildcard' | 'prefix-wildcard' | 'catch-all' | 'none'

export interface VirtualHostDecision {
  vhost?: VirtualHost
  index?: number
  rule: VirtualHostRule
  matchedDomain?: string
  /** The host as compared: lower-cased, port handling applied. */
  host: string
  /** Virtual hosts that would have matched a slightly different Host (another port, the full name). */
  nearMisses: {vhost: string; domain: string; why: string}[]
  caveats: string[]
}

export interface VirtualHostOptions {
  /** RouteConfiguration.ignore_port_in_host_matching (the route config's own setting also applies). */
  ignorePortInHostMatching?: boolean
  /** HCM strip_any_host_port ('any') or strip_matching_host_port (only when the port is the listener's). */
  stripPort?: 'any' | {listenerPort: number}
  /** HCM strip_trailing_host_dot */
  stripTrailingHostDot?: boolean
}

/** Index of the `:` before a numeric port, ignoring colons inside an IPv6 `[...]` (Envoy's getPortStart). */
export function portStart(host: string): number {
  const colon = host.lastIndexOf(':')
  if (colon < 0) return -1
  const v6End = host.lastIndexOf(']')
  if (v6End >= 0 && v6End > colon) return -1
  return /^\d+$/.test(host.slice(colon + 1)) ? colon : -1
}

function withoutPort(host: string): string {
  const p = portStart(host)
  return p < 0 ? host : host.slice(0, p)
}

/** The Host as Envoy compares it, with the HCM's and route config's port/dot handling. */
export function hostForMatching(raw: string, rc: RouteConfiguration, opts: VirtualHostOptions = {}): string {
  let host = raw
  if (opts.stripTrailingHostDot) {
    const p = portStart(host)
    const name = p < 0 ? host : host.slice(0, p)
    if (name.endsWith('.')) host = name.slice(0, -1) + (p < 0 ? '' : host.slice(p))
  }
  if (opts.stripPort !== undefined) {
    const p = portStart(host)
    if (p >= 0 && (opts.stripPort === 'any' || Number(host.slice(p + 1)) === opts.stripPort.listenerPort)) host = host.slice(0, p)
  }
  if (rc.ignorePortInHostMatching || opts.ignorePortInHostMatching) host = withoutPort(host)
  return host.toLowerCase()
}

interface Candidate {
  vhost: VirtualHost
  index: number
  domain: string
}

export function selectVirtualHost(rc: RouteConfiguration, req: HttpRequest, opts: VirtualHostOptions = {}): VirtualHostDecision {
  const vhosts = rc.virtualHosts ?? []
  const caveats: string[] = []
  const exact = new Map<string, Candidate>()
  const suffixes: Candidate[] = []
  const prefixes: Candidate[] = []
  let catchAll: Candidate | undefined
  vhosts.forEach((vhost, index) => {
    for (const d of vhost.domains ?? []) {
      const domain = d.toLowerCase()
      const c = {vhost, index, domain}
      if (domain === '*') {
        if (catchAll) caveats.push(`domain "*" appears in more than one virtual host (${catchAll.vhost.name}, ${vhost.name}): Envoy rejects this config`)
        catchAll ??= c
      } else if (domain.startsWith('*')) suffixes.push(c)
      else if (domain.endsWith('*')) prefixes.push(c)
      else {
        const prev = exact.get(domain)
        if (prev) caveats.push(`domain "${domain}" appears in more than one virtual host (${prev.vhost.name}, ${vhost.name}): Envoy rejects this config`)
        else exact.set(domain, c)
      }
    }
  })
  const decide = (rule: VirtualHostRule, host: string, c?: Candidate): VirtualHostDecision => ({
    vhost: c?.vhost,
    index: c?.index,
    rule,
    matchedDomain: c?.domain,
    host,
    nearMisses: rule === 'exact' ? [] : nearMisses(host, exact, c),
    caveats,
  })

  // fast path: only a `*` (or nothing) — Envoy does not even look at the Host
  if (exact.size === 0 && suffixes.length === 0 && prefixes.length === 0) return decide(catchAll ? 'catch-all' : 'none', '', catchAll)

  const raw = rc.vhostHeader ? headerValue(req.headers, rc.vhostHeader) : (headerValue(req.headers, ':authority') ?? req.authority)
  if (raw === undefined || raw === '') {
    if (rc.vhostHeader) caveats.push(`the route config selects virtual hosts by header ${rc.vhostHeader}, which the request does not have`)
    else caveats.push('the request has no Host (:authority): Envoy answers 404')
    return decide('none', '')
  }
  const host = hostForMatching(raw, rc, opts)

  const hit = exact.get(host)
  if (hit) return decide('exact', host, hit)
  // longest wildcard first; a wildcard needs at least one character of its own (`*.foo.com` ≠ `.foo.com`)
  const bySuffix = [...suffixes].sort((a, b) => b.domain.length - a.domain.length)
  for (const c of bySuffix) {
    const suffix = c.domain.slice(1)
    if (host.length > suffix.length && host.endsWith(suffix)) return decide('suffix-wildcard', host, c)
  }
  const byPrefix = [...prefixes].sort((a, b) => b.domain.length - a.domain.length)
  for (const c of byPrefix) {
    const prefix = c.domain.slice(0, -1)
    if (host.length > prefix.length && host.startsWith(prefix)) return decide('prefix-wildcard', host, c)
  }
  if (catchAll) return decide('catch-all', host, catchAll)
  return decide('none', host)
}

/** Why a domain naming the same host did not match: the ports differ (a domain without one matches only a Host without one). */
function portMismatch(domainPort: string, hostPort: string): string {
  if (domainPort === '') return `same host without a port: the Host carries :${hostPort.slice(1)} and Envoy compares it whole`
  if (hostPort === '') return `same host with port ${domainPort.slice(1)}`
  return `same host, port ${domainPort.slice(1)} instead of ${hostPort.slice(1)}`
}

/** Exact domains the host nearly names: the same name with another port, or a longer name of it. */
function nearMisses(host: string, exact: Map<string, Candidate>, chosen: Candidate | undefined): VirtualHostDecision['nearMisses'] {
  const out: VirtualHostDecision['nearMisses'] = []
  const name = withoutPort(host)
  const port = host.slice(name.length)
  for (const c of exact.values()) {
    if (c.vhost === chosen?.vhost) continue
    const cName = withoutPort(c.domain)
    const cPort = c.domain.slice(cName.length)
    if (cName === name && cPort !== port) {
      out.push({vhost: c.vhost.name ?? '', domain: c.domain, why: portMismatch(cPort, port)})
    } else if (cPort === port && cName.startsWith(`${name}.`)) {
      out.push({vhost: c.vhost.name ?? '', domain: c.domain, why: `a longer name of "${name}"`})
    }
    if (out.length >= 5) break
  }
  // a domain with another port says more than a port-less one; then one entry per virtual host is enough
  const ranked = [...out].sort((a, b) => Number(a.why.includes('without a port')) - Number(b.why.includes('without a port')))
  return ranked.filter((m, i) => ranked.findIndex((o) => o.vhost === m.vhost) === i)
}
