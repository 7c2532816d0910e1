import type {HeaderMatcher, Route, RouteConfiguration, VirtualHost, WeightedCluster} from '../envoy/types.js'
import {type ActionOutcome, evaluateAction, redirectLocation} from '../match/action.js'
import {applyHeaderMutation, type HeaderMutation, type MutableHeaders} from '../match/header-mutation.js'
import {headerMatchKind, headerValue, matchHeader, matchHeaders} from '../match/headers.js'
import type {HttpRequest} from '../match/request.js'
import {selectRoute} from '../match/route.js'
import {regexPattern, stringMatcherKind} from '../match/strings.js'
import {selectVirtualHost} from '../match/virtual-host.js'
import {type CoverageField, type CoverageReport, CoverageTracker} from './coverage.js'
import {DOWNSTREAM_ADDRESS, prepareRouteConfig, requestFromInput, runtimeKeys} from './request.js'
import type {RouteCheckExpectations, RouteCheckSuite, RouteCheckTest} from './test-file.js'

/**
 * Runs router_check_tool tests against one RouteConfiguration with the same matcher code trace-route
 * uses, and reports each failed assertion the way the tool does (envoy-semantics.md §5.3).
 */

/** What the route config did with a test's request, in the tool's terms. */
export interface RouteCheckActual {
  clusterName: string
  virtualClusterName: string
  virtualHostName: string
  pathRewrite: string
  hostRewrite: string
  pathRedirect: string
  codeRedirect: number
  timeout: string
}

export interface RouteCheckFailure {
  /** e.g. `cluster_name`, `request_header_matches.string_match.exact` */
  testType: string
  expected: string
  actual: string
  /** The tool's line: `expected: [X], actual: [Y], test type: cluster_name` */
  message: string
}

export interface RouteCheckTestResult {
  name: string
  passed: boolean
  failures: RouteCheckFailure[]
  actual: RouteCheckActual
  /** The route the request resolved to. */
  route?: {virtualHost: string; index: number; name?: string}
  caveats: string[]
}

export interface RouteCheckResult {
  routeConfig: string
  tests: RouteCheckTestResult[]
  summary: {total: number; passed: number; failed: number}
  coverage: CoverageReport
}

interface Resolved {
  vhost?: VirtualHost
  vhostIndex?: number
  route?: Route
  routeIndex?: number
  outcome?: ActionOutcome
  /** Route entry (forwarding route) as opposed to a direct response entry (redirect, direct_response, require_tls). */
  isRouteEntry: boolean
  isDirect: boolean
  tlsRedirect: boolean
  caveats: string[]
}

function resolve(rc: RouteConfiguration, req: HttpRequest): Resolved {
  const vd = selectVirtualHost(rc, req)
  const caveats = [...vd.caveats]
  if (!vd.vhost) return {isRouteEntry: false, isDirect: false, tlsRedirect: false, caveats}
  const rd = selectRoute(vd.vhost, req, {ignorePathParameters: rc.ignorePathParametersInPathMatching})
  caveats.push(...rd.caveats)
  if (!rd.route) return {vhost: vd.vhost, vhostIndex: vd.index, isRouteEntry: false, isDirect: false, tlsRedirect: false, caveats}
  const outcome = evaluateAction(rd.route, vd.vhost, req, rd.matchedLength)
  if (outcome.kind === 'cluster') caveats.push(...outcome.caveats)
  if (outcome.kind === 'direct_response') caveats.push(...(outcome.caveats ?? []))
  const isDirect = outcome.kind === 'redirect' || outcome.kind === 'direct_response'
  return {
    vhost: vd.vhost,
    vhostIndex: vd.index,
    route: rd.route,
    routeIndex: rd.index,
    outcome,
    isRouteEntry: !isDirect,
    isDirect,
    tlsRedirect: rd.tlsRedirect === true,
    caveats,
  }
}

/** The picked weighted cluster's own header mutations, if any. */
function pickedWeightedCluster(route: Route, outcome: ActionOutcome | undefined): WeightedCluster | undefined {
  if (outcome?.kind !== 'cluster' || outcome.how !== 'weighted') return undefined
  return route.route?.weightedClusters?.clusters?.find((c) => c.name === outcome.cluster)
}

/** Header parsers from most to least specific, reversed when most_specific_header_mutations_wins. */
function mutations(rc: RouteConfiguration, r: Resolved, which: 'request' | 'response'): HeaderMutation[] {
  if (!r.route || r.tlsRedirect) return []
  const of = (x: {requestHeadersToAdd?: unknown[]; requestHeadersToRemove?: string[]; responseHeadersToAdd?: unknown[]; responseHeadersToRemove?: string[]} | undefined): HeaderMutation =>
    which === 'request' ? {add: x?.requestHeadersToAdd, remove: x?.requestHeadersToRemove} : {add: x?.responseHeadersToAdd, remove: x?.responseHeadersToRemove}
  const list = [of(pickedWeightedCluster(r.route, r.outcome)), of(r.route), of(r.vhost), of(rc)]
  return rc.mostSpecificHeaderMutationsWins ? list.reverse() : list
}

/** The request and response header maps after the route's finalization, as the tool builds them. */
function finalizeHeaders(rc: RouteConfiguration, r: Resolved, req: HttpRequest, test: RouteCheckTest): {request: MutableHeaders; response: MutableHeaders; caveats: string[]} {
  const request: MutableHeaders = new Map([...req.headers].map(([k, v]) => [k, [...v]]))
  const response: MutableHeaders = new Map()
  for (const [k, v] of test.input.additionalResponseHeaders) response.set(k.toLowerCase(), [...(response.get(k.toLowerCase()) ?? []), v])
  const ctx = {request: req.headers, downstreamAddress: DOWNSTREAM_ADDRESS}
  const unknown: string[] = []
  if (r.isRouteEntry && r.route) {
    for (const m of mutations(rc, r, 'request')) unknown.push(...applyHeaderMutation(request, m, ctx))
    if (r.outcome?.kind === 'cluster') {
      if (r.outcome.hostRewrite !== undefined) request.set(':authority', [r.outcome.hostRewrite])
      if (r.outcome.pathRewrite !== undefined) request.set(':path', [r.outcome.pathRewrite])
    }
  }
  if (r.outcome?.kind === 'direct_response' && r.outcome.body) {
    response.set('content-type', ['text/plain'])
    response.set('content-length', [String(Buffer.byteLength(r.outcome.body))])
  }
  if (r.route) for (const m of mutations(rc, r, 'response')) unknown.push(...applyHeaderMutation(response, m, ctx))
  const caveats = [...new Set(unknown)].map((c) => `header value command ${c} is not evaluated offline; compared as written`)
  return {request, response, caveats}
}

function virtualClusterName(vhost: VirtualHost, req: HttpRequest): string {
  const vcs = vhost.virtualClusters ?? []
  if (vcs.length === 0) return ''
  for (const vc of vcs) {
    const matchers: HeaderMatcher[] = [...(vc.headers ?? [])]
    // v2 virtual clusters: a regex on :path and an optional method
    if (vc.pattern !== undefined) matchers.push({name: ':path', safeRegexMatch: {regex: vc.pattern}})
    if (vc.method !== undefined) matchers.push({name: ':method', exactMatch: vc.method})
    if (matchHeaders(matchers, req.headers).ok) return vc.name ?? ''
  }
  return 'other'
}

function actualOf(r: Resolved, req: HttpRequest, headers: MutableHeaders): RouteCheckActual {
  const entry = r.isRouteEntry && r.vhost !== undefined
  let pathRedirect = ''
  let codeRedirect = 0
  if (r.outcome?.kind === 'redirect') {
    pathRedirect = r.outcome.location
    codeRedirect = r.outcome.status
  } else if (r.outcome?.kind === 'direct_response') {
    // a direct response's "redirect" URI is the request's own URL
    pathRedirect = redirectLocation({}, req)
    codeRedirect = r.outcome.status
  }
  return {
    clusterName: entry && r.outcome?.kind === 'cluster' ? r.outcome.cluster : '',
    virtualClusterName: entry && r.vhost ? virtualClusterName(r.vhost, req) : '',
    virtualHostName: entry ? (r.vhost?.name ?? '') : '',
    pathRewrite: entry ? (headerValue(headers, ':path') ?? '') : '',
    hostRewrite: entry ? (headerValue(headers, ':authority') ?? '') : '',
    pathRedirect,
    codeRedirect,
    timeout: entry && r.outcome?.kind === 'cluster' ? (r.outcome.timeout ?? '') : '',
  }
}

const failureLine = (expected: string, actual: string, testType: string, expectMatch = true) =>
  `expected: [${expected}], actual: ${expectMatch ? '' : 'NOT '}[${actual}], test type: ${testType}`

/** A failed header matcher as the tool reports it (matchHeaderField). */
function headerFailure(m: HeaderMatcher, headers: MutableHeaders, prefix: string): RouteCheckFailure {
  const name = m.name ?? ''
  const value = headerValue(headers, name)
  const kind = headerMatchKind(m)
  if (kind === 'present_match') {
    const want = (m.presentMatch !== false) !== (m.invertMatch === true)
    const expected = `has(${name}):${want}`
    const actual = `has(${name}):${value !== undefined}`
    return {testType: `${prefix}.present_match`, expected, actual, message: failureLine(expected, actual, `${prefix}.present_match`)}
  }
  let wanted: string
  let testType = `${prefix}.${kind}`
  switch (kind) {
    case 'string_match': {
      const spec = stringMatcherKind(m.stringMatch ?? {})
      testType = `${prefix}.string_match.${spec?.kind ?? 'unknown'}`
      wanted = spec?.value ?? ''
      break
    }
    case 'range_match':
      wanted = `[${m.rangeMatch?.start ?? 0}, ${m.rangeMatch?.end ?? 0})`
      break
    case 'safe_regex_match':
      wanted = regexPattern(m.safeRegexMatch) ?? m.regexMatch ?? ''
      break
    default:
      wanted = String(m.exactMatch ?? m.prefixMatch ?? m.suffixMatch ?? m.containsMatch ?? '')
  }
  const expected = `${name}: ${wanted}`
  const actual = `${name}: ${value ?? ''}`
  return {testType, expected, actual, message: failureLine(expected, actual, testType, m.invertMatch !== true)}
}

function durationSeconds(d: string): number | undefined {
  const m = /^(-?\d+(\.\d+)?)s$/.exec(d.trim())
  return m ? Number(m[1]) : undefined
}

function sameTimeout(a: string, b: string): boolean {
  const x = durationSeconds(a)
  const y = durationSeconds(b)
  return x !== undefined && y !== undefined ? x === y : a === b
}

function display(v: unknown): string {
  if (v === undefined) return ''
  return typeof v === 'string' ? v : JSON.stringify(v)
}

function runOne(rc: RouteConfiguration, keys: Set<string>, test: RouteCheckTest, coverage: CoverageTracker): RouteCheckTestResult {
  const req = requestFromInput(test.input, keys)
  const r = resolve(rc, req)
  const {request, response, caveats} = finalizeHeaders(rc, r, req, test)
  const actual = actualOf(r, req, request)
  const v: RouteCheckExpectations = test.validate
  const failures: RouteCheckFailure[] = []
  const covers = r.route !== undefined && !r.tlsRedirect && r.vhostIndex !== undefined && r.routeIndex !== undefined
  const compare = (testType: string, expected: string, got: string, field?: CoverageField, same = expected === got) => {
    if (!same) failures.push({testType, expected, actual: got, message: failureLine(expected, got, testType)})
    else if (field && covers) coverage.mark(r.vhostIndex ?? 0, r.routeIndex ?? 0, field)
  }
  // in router.cc's order
  if (v.clusterName !== undefined) compare('cluster_name', v.clusterName, actual.clusterName, 'cluster_name')
  if (v.virtualClusterName !== undefined) compare('virtual_cluster_name', v.virtualClusterName, actual.virtualClusterName, 'virtual_cluster_name')
  if (v.virtualHostName !== undefined) compare('virtual_host_name', v.virtualHostName, actual.virtualHostName, 'virtual_host_name')
  if (v.pathRewrite !== undefined) compare('path_rewrite', v.pathRewrite, actual.pathRewrite, 'path_rewrite')
  if (v.hostRewrite !== undefined) compare('host_rewrite', v.hostRewrite, actual.hostRewrite, 'host_rewrite')
  if (v.pathRedirect !== undefined) compare('path_redirect', v.pathRedirect, actual.pathRedirect, 'path_redirect')
  if (v.codeRedirect !== undefined) compare('code_redirect', String(v.codeRedirect), String(actual.codeRedirect), 'code_redirect')
  for (const m of v.requestHeaderMatches ?? []) if (!matchHeader(m, request)) failures.push(headerFailure(m, request, 'request_header_matches'))
  for (const [k, want] of v.requestHeaderFields ?? []) compare('request_header_fields', want, headerValue(request, k) ?? '')
  for (const m of v.responseHeaderMatches ?? []) if (!matchHeader(m, response)) failures.push(headerFailure(m, response, 'response_header_matches'))
  for (const [k, want] of v.responseHeaderFields ?? []) compare('response_header_fields', want, headerValue(response, k) ?? '')
  if (v.timeout !== undefined) compare('timeout', v.timeout, actual.timeout, undefined, sameTimeout(v.timeout, actual.timeout))
  for (const m of v.routeMetadata ?? []) {
    const got = r.route?.metadata?.filterMetadata?.[m.namespace]?.[m.key]
    compare('route_metadata', display(m.value), display(got), undefined, JSON.stringify(m.value) === JSON.stringify(got))
  }
  return {
    name: test.name,
    passed: failures.length === 0,
    failures,
    actual,
    ...(r.route && !r.tlsRedirect && r.vhost ? {route: {virtualHost: r.vhost.name ?? '', index: r.routeIndex ?? 0, ...(r.route.name ? {name: r.route.name} : {})}} : {}),
    caveats: [...new Set([...r.caveats, ...caveats])],
  }
}

/** Runs every test of the suite against the route configuration. */
export function runRouteCheck(config: RouteConfiguration, name: string, suite: RouteCheckSuite, opts: {comprehensive?: boolean} = {}): RouteCheckResult {
  const rc = prepareRouteConfig(config)
  const keys = runtimeKeys(rc)
  const coverage = new CoverageTracker()
  const tests = suite.tests.map((t) => runOne(rc, keys, t, coverage))
  const passed = tests.filter((t) => t.passed).length
  return {
    routeConfig: name,
    tests,
    summary: {total: tests.length, passed, failed: tests.length - passed},
    coverage: coverage.report(rc, opts.comprehensive === true),
  }
}
