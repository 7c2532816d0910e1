import type {Route, RouteMatch, RuntimeFractionalPercent, VirtualHost} from '../envoy/types.js'
import {headerValue, matchHeaders} from './headers.js'
import {describeMetadataMatcher, type MetadataMatcher, matchMetadata} from './metadata.js'
import {matchPath} from './path.js'
import {matchQueryParameters} from './query.js'
import type {HttpRequest} from './request.js'

/**
 * Route selection inside a virtual host (VirtualHostImpl::getRouteFromEntries, envoy-semantics.md §2.2,
 * §2.3): `require_tls` first, then the routes in order, first match wins, no backtracking. A route matches
 * when its path specifier does and then, in Envoy's order, runtime_fraction, grpc, headers, query
 * parameters, tls_context and dynamic_metadata all do.
 */

export interface RouteDecision {
  route?: Route
  index?: number
  /** What matched, e.g. `prefix "/"`, `header end-user exact "jason"`. */
  matchedOn: string[]
  /** Routes before the winner whose path matched but another criterion failed, in order. */
  nearMisses: {index: number; name?: string; failedOn: string}[]
  caveats: string[]
  /** Characters of the path the route's path specifier matched (for prefix_rewrite). */
  matchedLength?: number
  /** The vhost's `require_tls` turned the request into an HTTPS redirect before any route was looked at. */
  tlsRedirect?: boolean
}

type Check = {ok: true; on?: string; caveat?: string} | {ok: false; failedOn: string; caveat?: string}

const DENOMINATORS = {HUNDRED: 100, TEN_THOUSAND: 10_000, MILLION: 1_000_000} as const

/** Envoy's featureEnabled(runtime_key, default, random): enabled iff random % denominator < numerator. */
export function runtimeFractionEnabled(rf: RuntimeFractionalPercent, req: HttpRequest): {enabled: boolean; numerator: number; denominator: number} {
  const denominator = DENOMINATORS[rf.defaultValue?.denominator ?? 'HUNDRED'] ?? 100
  const override = req.runtime.get(rf.runtimeKey ?? '')
  const numerator = override ?? rf.defaultValue?.numerator ?? 0
  return {enabled: req.randomValue % denominator < numerator, numerator, denominator}
}

function percent(numerator: number, denominator: number): string {
  return `${(100 * numerator) / denominator}%`
}

/** gRPC requests: content-type application/grpc or application/grpc+… */
export function isGrpcRequest(req: HttpRequest): boolean {
  const ct = headerValue(req.headers, 'content-type') ?? ''
  return ct === 'application/grpc' || ct.startsWith('application/grpc+')
}

/** The non-path criteria, ANDed in RouteEntryImplBase::matchRoute's order. */
function criteria(match: RouteMatch, req: HttpRequest): Check[] {
  const out: Check[] = []
  const rf = match.runtimeFraction
  if (rf !== undefined) {
    const r = runtimeFractionEnabled(rf, req)
    const what = `runtime_fraction ${percent(r.numerator, r.denominator)}${rf.runtimeKey ? ` (key ${rf.runtimeKey})` : ''}`
    const caveat = `${what} is probabilistic: decided here by random value ${req.randomValue}`
    out.push(r.enabled ? {ok: true, on: what, caveat} : {ok: false, failedOn: `${what} (random value ${req.randomValue} falls outside)`, caveat})
  }
  if (match.grpc !== undefined) {
    out.push(isGrpcRequest(req) ? {ok: true, on: 'grpc'} : {ok: false, failedOn: 'grpc (content-type is not application/grpc)'})
  }
  if (match.headers && match.headers.length > 0) {
    const h = matchHeaders(match.headers, req.headers)
    out.push(h.ok ? {ok: true, on: `${match.headers.length} header matcher(s)`} : {ok: false, failedOn: h.why ?? 'header'})
  }
  if (match.queryParameters && match.queryParameters.length > 0) {
    const q = matchQueryParameters(match.queryParameters, req.path)
    out.push(q.ok ? {ok: true, on: `${match.queryParameters.length} query parameter matcher(s)`} : {ok: false, failedOn: q.why ?? 'query'})
  }
  if (match.tlsContext !== undefined) out.push(tlsContextCheck(match.tlsContext, req))
  for (const m of (match.dynamicMetadata ?? []) as MetadataMatcher[]) {
    const what = describeMetadataMatcher(m)
    out.push(matchMetadata(m, req.dynamicMetadata) ? {ok: true, on: what} : {ok: false, failedOn: what})
  }
  if ((match.filterState?.length ?? 0) > 0 || (match.cookies?.length ?? 0) > 0) {
    const what = match.cookies?.length ? 'cookies' : 'filter_state'
    out.push({ok: false, failedOn: `${what} matcher (not evaluated offline)`, caveat: `the route matches on ${what}, which meshscope cannot evaluate: treated as not matching`})
  }
  return out
}

function tlsContextCheck(want: {presented?: boolean; validated?: boolean}, req: HttpRequest): Check {
  const cert = req.peerCertificate ?? (req.ssl ? undefined : {presented: false, validated: false})
  const what = `tls_context${want.presented !== undefined ? ` presented=${want.presented}` : ''}${want.validated !== undefined ? ` validated=${want.validated}` : ''}`
  if (cert === undefined) return {ok: true, on: what, caveat: `${what}: the client certificate is unknown offline; assumed to match`}
  const ok = (want.presented === undefined || want.presented === cert.presented) && (want.validated === undefined || want.validated === cert.validated)
  return ok ? {ok: true, on: what} : {ok: false, failedOn: `${what} (certificate presented=${cert.presented}, validated=${cert.validated})`}
}

/** The HTTPS redirect Envoy answers with when `require_tls` is not met (SslRedirectRoute). */
const TLS_REDIRECT_ROUTE: Route = {name: 'require_tls', redirect: {httpsRedirect: true}}

export function selectRoute(vhost: VirtualHost, req: HttpRequest, opts: {ignorePathParameters?: boolean} = {}): RouteDecision {
  const caveats: string[] = []
  const nearMisses: RouteDecision['nearMisses'] = []
  const xfp = headerValue(req.headers, 'x-forwarded-proto') ?? req.scheme
  if (vhost.requireTls === 'ALL' && xfp !== 'https') {
    return {route: TLS_REDIRECT_ROUTE, matchedOn: ['require_tls ALL and the request is not https'], nearMisses, caveats, tlsRedirect: true}
  }
  if (vhost.requireTls === 'EXTERNAL_ONLY' && xfp !== 'https' && !req.internal && headerValue(req.headers, 'x-envoy-internal') !== 'true') {
    return {route: TLS_REDIRECT_ROUTE, matchedOn: ['require_tls EXTERNAL_ONLY and the request is external and not https'], nearMisses, caveats, tlsRedirect: true}
  }
  if (vhost.matcher !== undefined) {
    caveats.push(`virtual host ${vhost.name} selects routes with a matcher tree, which replaces its routes; meshscope does not evaluate matcher trees yet`)
    return {matchedOn: [], nearMisses, caveats}
  }
  const routes = vhost.routes ?? []
  for (let index = 0; index < routes.length; index++) {
    const route = routes[index]
    const match = route.match ?? {}
    const path = matchPath(match, req.path, {ignorePathParameters: opts.ignorePathParameters, method: req.method})
    if (!path.ok) continue
    const matchedOn = [path.describe]
    const routeCaveats = [...(path.caveats ?? [])]
    let failedOn: string | undefined
    for (const c of criteria(match, req)) {
      if (c.caveat) routeCaveats.push(c.caveat)
      if (!c.ok) {
        failedOn = c.failedOn
        break
      }
      if (c.on) matchedOn.push(c.on)
    }
    if (failedOn !== undefined) {
      nearMisses.push({index, name: route.name, failedOn})
      // a probabilistic miss is worth knowing about even though another route won
      caveats.push(...routeCaveats.filter((c) => c.includes('probabilistic')))
      continue
    }
    caveats.push(...routeCaveats)
    return {route, index, matchedOn, nearMisses, caveats, matchedLength: path.matchedLength}
  }
  return {matchedOn: [], nearMisses, caveats}
}
