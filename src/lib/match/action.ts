import type {RedirectAction, RetryPolicy, Route, RouteAction, VirtualHost, WeightedCluster} from '../envoy/types.js'
import {headerValue, parseInt64} from './headers.js'
import {matchPath, pathOnly} from './path.js'
import type {HttpRequest} from './request.js'
import {regexPattern, regexReplaceAll} from './strings.js'
import {portStart} from './virtual-host.js'

/**
 * What a matched route does with the request (envoy-semantics.md §2.5): forward to a cluster (fixed,
 * weighted, or named by a header) with its rewrites, timeout and retry policy; redirect; or answer
 * directly.
 */

export interface WeightedChoice {
  name: string
  weight: number
  /** weight / total weight */
  share: number
  /** Half-open interval [begin, end) of `random % total` that picks this cluster. */
  range: [number, number]
}

export type ActionOutcome =
  | {
      kind: 'cluster'
      cluster: string
      how: 'cluster' | 'weighted' | 'cluster_header'
      weighted?: WeightedChoice[]
      /** For weighted clusters: `random % total`, the value that picked the cluster. */
      selectedValue?: number
      /** The :path after prefix_rewrite / regex_rewrite, when one applies. */
      pathRewrite?: string
      /** The :authority after a host rewrite, when one applies. */
      hostRewrite?: string
      /** The route's timeout (Envoy's default is 15s; 0s disables it). */
      timeout?: string
      /** The route's retry policy, else the virtual host's (the route's replaces it, no merge). */
      retryPolicy?: RetryPolicy
      caveats: string[]
    }
  | {kind: 'redirect'; location: string; status: number; pathRedirect?: string; hostRedirect?: string}
  | {kind: 'direct_response'; status: number; body?: string; caveats?: string[]}
  | {kind: 'unresolved'; why: string}

export const DEFAULT_ROUTE_TIMEOUT = '15s'

const REDIRECT_CODES: Record<NonNullable<RedirectAction['responseCode']>, number> = {
  MOVED_PERMANENTLY: 301,
  FOUND: 302,
  SEE_OTHER: 303,
  TEMPORARY_REDIRECT: 307,
  PERMANENT_REDIRECT: 308,
}

type PathRewriteSpec = Pick<RouteAction, 'prefixRewrite' | 'regexRewrite'>

/**
 * The :path after a prefix_rewrite (replaces the first `matchedLength` characters, so it works for
 * case-insensitive matches) or a regex_rewrite (on the path without query; the query is re-appended).
 * Undefined when the route rewrites nothing.
 */
export function rewritePath(path: string, spec: PathRewriteSpec, matchedLength: number): string | undefined {
  if (spec.prefixRewrite !== undefined && spec.prefixRewrite !== '') return spec.prefixRewrite + path.slice(matchedLength)
  const pattern = regexPattern(spec.regexRewrite?.pattern)
  if (pattern !== undefined) {
    const just = pathOnly(path)
    return regexReplaceAll(pattern, just, spec.regexRewrite?.substitution ?? '') + path.slice(just.length)
  }
  return undefined
}

/** The matched length of a route's path specifier for this request (prefix/path length, whole path for regex). */
function matchedLengthOf(route: Route, req: HttpRequest): number {
  return matchPath(route.match ?? {}, req.path, {method: req.method}).matchedLength ?? 0
}

/** Host the redirect keeps: the request's, without a port that is replaced or is the new scheme's default. */
function redirectHost(host: string, scheme: string, newPort: string): string {
  if (host === '') return ''
  const p = portStart(host)
  if (p < 0) return host
  const port = host.slice(p)
  if (newPort !== '' || (scheme === 'http' && port === ':80') || (scheme === 'https' && port === ':443')) return host.slice(0, p)
  return host
}

/**
 * Envoy's Http::Utility::newUri: `scheme://host[:port]path`. `path` is the request's :path after the
 * redirect's own prefix/regex rewrite. With no redirect config (a direct response) this is the request URL.
 */
export function redirectLocation(r: RedirectAction, req: HttpRequest, path: string = headerValue(req.headers, ':path') ?? req.path): string {
  const scheme = r.schemeRedirect || (r.httpsRedirect ? 'https' : (headerValue(req.headers, ':scheme') ?? req.scheme))
  const port = r.portRedirect ? `:${r.portRedirect}` : ''
  const host = r.hostRedirect || redirectHost(headerValue(req.headers, ':authority') ?? req.authority, scheme, port)
  let finalPath: string
  const pathRedirectHasQuery = r.pathRedirect?.includes('?') ?? false
  if (r.pathRedirect) {
    // a path_redirect with a query replaces the request's query; without one the request's query is kept
    const q = path.indexOf('?')
    finalPath = pathRedirectHasQuery || q < 0 ? r.pathRedirect : r.pathRedirect + path.slice(q)
  } else finalPath = path
  if (!finalPath.startsWith('/')) finalPath = `/${finalPath}`
  if (r.stripQuery && !pathRedirectHasQuery) {
    const q = finalPath.indexOf('?')
    if (q >= 0) finalPath = finalPath.slice(0, q)
  }
  return `${scheme}://${host}${port}${finalPath}`
}

/** Weighted cluster choice: `selected = random % total`, first half-open interval containing it wins. */
export function pickWeightedCluster(
  clusters: WeightedCluster[],
  random: number,
  runtime: ReadonlyMap<string, number>,
  runtimeKeyPrefix?: string,
  totalWeight?: number,
): {choices: WeightedChoice[]; picked?: WeightedCluster; selected: number; total: number} {
  const weights = clusters.map((c) => (runtimeKeyPrefix ? runtime.get(`${runtimeKeyPrefix}.${c.name}`) : undefined) ?? c.weight ?? 0)
  const sum = weights.reduce((a, b) => a + b, 0)
  const total = totalWeight && totalWeight > 0 ? totalWeight : sum
  const choices: WeightedChoice[] = []
  let begin = 0
  let picked: WeightedCluster | undefined
  const selected = total > 0 ? random % total : 0
  clusters.forEach((c, i) => {
    const end = begin + weights[i]
    choices.push({name: c.name ?? c.clusterHeader ?? '', weight: weights[i], share: total > 0 ? weights[i] / total : 0, range: [begin, end]})
    if (picked === undefined && selected >= begin && selected < end) picked = c
    begin = end
  })
  return {choices, picked, selected, total}
}

function hostRewrite(action: RouteAction, req: HttpRequest, caveats: string[]): string | undefined {
  const literal = action.hostRewriteLiteral ?? action.hostRewrite
  if (literal) return literal
  if (action.hostRewriteHeader) {
    const v = headerValue(req.headers, action.hostRewriteHeader)
    return v === undefined || v === '' ? undefined : v
  }
  const pattern = regexPattern(action.hostRewritePathRegex?.pattern)
  if (pattern !== undefined) return regexReplaceAll(pattern, pathOnly(req.path), action.hostRewritePathRegex?.substitution ?? '')
  if (action.autoHostRewrite) caveats.push('auto_host_rewrite: the Host becomes the upstream host\'s name, known only when an endpoint is picked')
  return undefined
}

/** Evaluates the action of a route that matched `req`. */
export function evaluateAction(route: Route, vhost: VirtualHost, req: HttpRequest, matchedPrefixLength?: number): ActionOutcome {
  const path = headerValue(req.headers, ':path') ?? req.path
  if (route.redirect) {
    const r = route.redirect
    const rewritten = rewritePath(path, r, matchedPrefixLength ?? matchedLengthOf(route, req)) ?? path
    return {
      kind: 'redirect',
      location: redirectLocation(r, req, rewritten),
      status: REDIRECT_CODES[r.responseCode ?? 'MOVED_PERMANENTLY'] ?? 301,
      pathRedirect: r.pathRedirect,
      hostRedirect: r.hostRedirect,
    }
  }
  if (route.directResponse) {
    const body = route.directResponse.body
    const caveats: string[] = []
    let text = body?.inlineString
    if (text === undefined && body?.inlineBytes !== undefined) text = Buffer.from(body.inlineBytes, 'base64').toString('utf8')
    if (text === undefined && body?.filename !== undefined) caveats.push(`the body is read by Envoy from ${body.filename}, which meshscope does not read`)
    return {kind: 'direct_response', status: route.directResponse.status ?? 200, body: text, ...(caveats.length ? {caveats} : {})}
  }
  const action = route.route
  if (!action) {
    const what = route.filterAction ? 'filter_action' : route.nonForwardingAction ? 'non_forwarding_action' : 'no action'
    return {kind: 'unresolved', why: `the route has ${what}: it does not forward to a cluster`}
  }
  const caveats: string[] = []
  let cluster: string | undefined
  let how: 'cluster' | 'weighted' | 'cluster_header' = 'cluster'
  let weighted: WeightedChoice[] | undefined
  let selectedValue: number | undefined
  let pickedHostRewrite: string | undefined
  if (action.cluster !== undefined) cluster = action.cluster
  else if (action.clusterHeader !== undefined) {
    how = 'cluster_header'
    cluster = headerValue(req.headers, action.clusterHeader)
    if (cluster === undefined) return {kind: 'unresolved', why: `the cluster is named by header ${action.clusterHeader}, which the request does not have (Envoy answers 503 NC)`}
  } else if (action.weightedClusters !== undefined) {
    how = 'weighted'
    const wc = action.weightedClusters
    const fromHeader = wc.headerName ? parseInt64(headerValue(req.headers, wc.headerName) ?? '') : undefined
    const random = fromHeader !== undefined && fromHeader >= 0n ? Number(fromHeader) : req.randomValue
    if (wc.headerName && (fromHeader === undefined || fromHeader < 0n)) caveats.push(`weighted clusters take their random value from header ${wc.headerName}, which is missing or not a number: used ${req.randomValue}`)
    const pick = pickWeightedCluster(wc.clusters ?? [], random, req.runtime, wc.runtimeKeyPrefix, wc.totalWeight)
    if (pick.picked === undefined) return {kind: 'unresolved', why: 'the weighted clusters have no weight (total weight 0)'}
    weighted = pick.choices
    selectedValue = pick.selected
    pickedHostRewrite = pick.picked.hostRewriteLiteral
    cluster = pick.picked.name
    if (cluster === undefined && pick.picked.clusterHeader !== undefined) {
      cluster = headerValue(req.headers, pick.picked.clusterHeader)
      if (cluster === undefined) return {kind: 'unresolved', why: `the picked weighted cluster is named by header ${pick.picked.clusterHeader}, which the request does not have`}
    }
  } else if (action.clusterSpecifierPlugin !== undefined || action.inlineClusterSpecifierPlugin !== undefined) {
    return {kind: 'unresolved', why: `the cluster is chosen by cluster specifier plugin ${action.clusterSpecifierPlugin ?? '(inline)'}, which meshscope cannot run`}
  }
  if (cluster === undefined) return {kind: 'unresolved', why: 'the route action names no cluster'}

  if (action.pathRewritePolicy) caveats.push(`path_rewrite_policy ${action.pathRewritePolicy.name ?? ''} (uri template rewrite) is not applied by meshscope`)
  const pathRewrite = rewritePath(path, action, matchedPrefixLength ?? matchedLengthOf(route, req))
  const host = pickedHostRewrite || hostRewrite(action, req, caveats)
  const retryPolicy = action.retryPolicy ?? vhost.retryPolicy
  return {
    kind: 'cluster',
    cluster,
    how,
    ...(weighted ? {weighted, selectedValue} : {}),
    ...(pathRewrite !== undefined ? {pathRewrite} : {}),
    ...(host !== undefined ? {hostRewrite: host} : {}),
    timeout: action.timeout ?? DEFAULT_ROUTE_TIMEOUT,
    ...(retryPolicy !== undefined ? {retryPolicy} : {}),
    caveats,
  }
}
