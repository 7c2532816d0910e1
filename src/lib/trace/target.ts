import {MeshscopeError} from '../cli/errors.js'
import type {HttpRequestInit} from '../match/request.js'
import {isIp, normalizeIp} from './net.js'
import type {Direction, Protocol} from './types.js'

/** What the user asked to trace, as given on the command line. */
export interface TraceOptions {
  url: string
  method?: string
  /** `-H 'name: value'`, repeatable */
  headers?: readonly string[]
  destIp?: string
  protocol?: Protocol
  sni?: string
  /** comma-separated ALPN list */
  alpn?: string
  direction?: Direction
  random?: number
}

/** The parsed target: where the connection goes and, for HTTP, the request Envoy would route. */
export interface TraceTarget {
  host: string
  port: number
  protocol: Protocol
  direction: Direction
  /** --dest-ip, or the URL's host when it is an IP literal */
  destIp?: string
  destIpSource?: 'flag' | 'literal'
  sni?: string
  alpn?: string[]
  /** --random: the value for weighted clusters (HTTP and tcp_proxy) and runtime fractions */
  random: number
  /** the HTTP request (absent for tcp:// and tls:// targets and --protocol tcp) */
  request?: HttpRequestInit
}

const SCHEMES: Record<string, {protocol: Protocol; port?: number; http: boolean}> = {
  http: {protocol: 'http', port: 80, http: true},
  https: {protocol: 'tls', port: 443, http: true},
  tcp: {protocol: 'tcp', http: false},
  tls: {protocol: 'tls', http: false},
}

const URL_SHAPE = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/?#]*)([^#]*)/

/**
 * Parses `http://reviews:9080/api?x=1`, `reviews.default.svc.cluster.local:9080/path` (no scheme = http),
 * `https://host/` (TLS, SNI = host), `tcp://10.0.0.10:53` and `tls://host:443` plus the flags into a
 * target. Bad input is a USAGE error that says what to type instead.
 */
export function parseTraceTarget(opts: TraceOptions): TraceTarget {
  const m = URL_SHAPE.exec(opts.url.trim())
  const schemeName = (m?.[1] ?? 'http').toLowerCase()
  const scheme = SCHEMES[schemeName]
  if (!scheme) {
    throw usage(`unsupported scheme "${schemeName}://" in ${opts.url}`, 'Use http://, https://, tcp:// or tls://, or no scheme (http)')
  }
  const authority = m?.[2] ?? ''
  if (authority === '') throw usage(`the URL ${JSON.stringify(opts.url)} has no host`, 'Give a host, e.g. http://reviews:9080/ or reviews.default.svc.cluster.local:9080/path')
  const {host, port: explicitPort} = splitHostPort(authority, opts.url)
  const port = explicitPort ?? scheme.port
  if (port === undefined) throw usage(`${opts.url} needs a port`, `Add the port, e.g. ${schemeName}://${host}:443`)

  const protocol = opts.protocol ?? scheme.protocol
  const headers = (opts.headers ?? []).map(parseHeader)
  const hostHeader = headers.find(([k]) => k.toLowerCase() === 'host')?.[1]

  let destIp: string | undefined
  let destIpSource: TraceTarget['destIpSource']
  if (opts.destIp !== undefined) {
    if (!isIp(opts.destIp)) throw usage(`--dest-ip ${opts.destIp} is not an IP address`, 'Give an IPv4 or IPv6 address, e.g. --dest-ip 10.96.0.10')
    destIp = normalizeIp(opts.destIp)
    destIpSource = 'flag'
  } else if (isIp(host)) {
    destIp = normalizeIp(host)
    destIpSource = 'literal'
  }

  const random = opts.random ?? 0
  if (!Number.isInteger(random) || random < 0) throw usage(`--random ${random} is not a non-negative integer`, 'e.g. --random 42')

  const alpn = opts.alpn === undefined ? undefined : opts.alpn.split(',').map((s) => s.trim()).filter((s) => s !== '')
  const tls = protocol === 'tls'
  const sni = opts.sni ?? (tls && !isIp(host) ? host.toLowerCase() : undefined)

  // The request goes over HTTP when the scheme says so and the protocol allows one (https: once TLS is terminated)
  const carriesHttp = scheme.http && protocol !== 'tcp'
  const rawPath = m?.[3] ?? ''
  const path = rawPath === '' ? '/' : rawPath.startsWith('/') ? rawPath : `/${rawPath}`
  const request: HttpRequestInit | undefined = carriesHttp
    ? {
        // as curl sends it: host[:port], the port only when it is not the scheme's default
        authority: hostHeader ?? (explicitPort !== undefined && explicitPort !== scheme.port ? authority : hostOnly(authority)),
        path,
        method: opts.method ?? 'GET',
        scheme: schemeName === 'https' ? 'https' : 'http',
        ssl: schemeName === 'https',
        headers: headers.filter(([k]) => k.toLowerCase() !== 'host'),
        randomValue: random,
      }
    : undefined
  return {host, port, protocol, direction: opts.direction ?? 'outbound', destIp, destIpSource, sni, alpn, random, request}
}

function splitHostPort(authority: string, url: string): {host: string; port?: number} {
  let host = authority
  let portText: string | undefined
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']')
    if (end < 0) throw usage(`unbalanced [ in ${url}`, 'Write IPv6 hosts as [fd00::1]:8080')
    host = authority.slice(1, end)
    const rest = authority.slice(end + 1)
    if (rest.startsWith(':')) portText = rest.slice(1)
    else if (rest !== '') throw usage(`cannot read the host in ${url}`, 'Write IPv6 hosts as [fd00::1]:8080')
  } else {
    const colon = authority.lastIndexOf(':')
    if (colon >= 0) {
      host = authority.slice(0, colon)
      portText = authority.slice(colon + 1)
    }
  }
  if (host === '') throw usage(`the URL ${JSON.stringify(url)} has no host`, 'Give a host, e.g. http://reviews:9080/')
  if (portText === undefined) return {host}
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw usage(`"${portText}" in ${url} is not a port`, 'Ports are 1-65535, e.g. http://reviews:9080/')
  return {host, port}
}

function hostOnly(authority: string): string {
  return authority.replace(/:\d+$/, '')
}

/** `-H 'name: value'` → [name, value]; a header without a colon is a USAGE error (as curl would ignore it silently). */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':', text.startsWith(':') ? 1 : 0)
  if (colon <= 0) throw usage(`header ${JSON.stringify(text)} has no colon`, "Write headers as -H 'name: value', e.g. -H 'end-user: jason'")
  const name = text.slice(0, colon).trim()
  if (name === '' || /\s/.test(name)) throw usage(`header ${JSON.stringify(text)} has no valid name`, "Write headers as -H 'name: value'")
  return [name.toLowerCase(), text.slice(colon + 1).trim()]
}

function usage(message: string, suggestion: string): MeshscopeError {
  return new MeshscopeError('USAGE', message, [suggestion])
}
