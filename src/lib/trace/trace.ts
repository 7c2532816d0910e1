import {MeshscopeError} from '../cli/errors.js'
import type {ConfigDump} from '../envoy/config-dump.js'
import type {FilterChain} from '../envoy/types.js'
import {type HttpRequestInit, httpRequest} from '../match/request.js'
import {describeChainMatch} from './chain.js'
import {clusterFacts, describeTls, isTls} from './cluster.js'
import {inferDestIp} from './dest-ip.js'
import {dumpEndpointSource, type EndpointSource, endpointVerdict} from './endpoints.js'
import {selectFilterChain} from './filter-chain.js'
import {HopLog, outcome} from './hop-log.js'
import {traceHttp} from './http-hops.js'
import {type ListenerView, listenerFilterKinds, listenerViews, selectListeners} from './listener.js'
import {detectConnection} from './listener-filters.js'
import {hostPort} from './net.js'
import {chainFilters, tcpProxyCluster} from './network-filter.js'
import type {TraceTarget} from './target.js'
import type {Connection, Outcome, Trace, TraceRequest} from './types.js'

/**
 * Traces a connection (and, for HTTP, its request) through one proxy's config as Envoy would handle it:
 * listener → filter chain → network filter → route config → virtual host → route → action → cluster →
 * endpoints. Pure: the dump and target in, the Trace out. A trace that ends early (no listener, 404,
 * BlackHoleCluster…) is still a Trace, with the outcome saying where and why.
 */
export function traceRoute(dump: ConfigDump, target: TraceTarget, endpoints: EndpointSource = dumpEndpointSource(dump)): Trace {
  if (dump.listeners.length === 0) {
    throw new MeshscopeError('INPUT_INVALID', 'the dump has no listeners, so there is nothing to trace a connection through', [
      'Save a full dump: kubectl exec POD -c istio-proxy -- pilot-agent request GET config_dump > dump.json',
      'Dumps filtered to one section (clusters, routes) cannot be traced',
    ])
  }
  const views = listenerViews(dump)
  const conn = connectionOf(dump, views, target)
  const log = new HopLog()
  const requestInit = target.request
  const finish = (o: Outcome): Trace => ({connection: conn, ...(requestInit ? {request: describeRequest(requestInit)} : {}), hops: log.hops, outcome: o})

  // 1. listeners: capture, hand-off, or the bound listener
  const sel = selectListeners(views, conn)
  if (sel.failure) {
    log.add('listener', {rule: sel.failure.rule, nearMisses: sel.failure.nearMisses, caveats: sel.failure.caveats, details: {destination: hostPort(conn.destIp, conn.destPort)}})
    return finish(outcome('no-listener', `no listener takes a connection to ${hostPort(conn.destIp, conn.destPort)}`))
  }
  for (const step of sel.steps) {
    log.add('listener', {resource: step.view.name, rule: step.rule, nearMisses: step.nearMisses, caveats: step.caveats, details: listenerDetails(step.view, step.how)})
  }
  const listener = sel.steps[sel.steps.length - 1].view

  // 2. filter chain, on the connection as this listener's filters see it
  const seen = detectConnection(listener, conn)
  const fc = selectFilterChain(listener.listener, seen.input)
  const chainDetails = {
    transportProtocol: seen.input.transportProtocol,
    serverName: seen.input.serverName ?? null,
    applicationProtocols: seen.input.applicationProtocols,
    listenerFilters: seen.facts,
    decidedBy: fc.decidedBy,
    ...(fc.chain ? {match: describeChainMatch(fc.chain.filterChainMatch) || '(any)'} : {}),
  }
  log.add('filter-chain', {resource: fc.label, rule: fc.rule, nearMisses: fc.nearMisses, caveats: [...seen.caveats, ...fc.caveats], details: chainDetails})
  if (!fc.chain) return finish(outcome('no-filter-chain', `listener ${listener.name} has no filter chain for this connection: Envoy closes it`))

  // 3. the terminal network filter
  const {terminal, before, caveats: filterCaveats} = chainFilters(fc.chain)
  const terminates = terminatesTls(fc.chain)
  const filterDetails = {before, ...(terminates ? {downstreamTls: true} : {})}
  if (!terminal) {
    log.add('network-filter', {rule: 'the chain has no network filters', caveats: filterCaveats, details: filterDetails})
    return finish(outcome('blocked', 'the filter chain has no network filter: Envoy closes the connection'))
  }
  if (terminal.kind === 'direct_response' || terminal.kind === 'other') {
    const direct = terminal.kind === 'direct_response'
    log.add('network-filter', {
      resource: terminal.name,
      rule: direct ? 'the network-level direct_response filter answers and closes the connection' : `the terminal filter ${terminal.name} is not traced by meshscope`,
      caveats: filterCaveats,
      details: filterDetails,
    })
    return finish(direct ? outcome('direct-response', 'the direct_response network filter answers the connection itself') : outcome('unresolved', `terminal network filter ${terminal.name} is not traced`))
  }

  let clusterName: string
  if (terminal.kind === 'tcp') {
    const pick = tcpProxyCluster(terminal.tcp, before, {destIp: conn.destIp, destPort: conn.destPort, sni: seen.input.serverName, random: target.random})
    const details = {...filterDetails, kind: 'tcp_proxy', statPrefix: terminal.tcp.statPrefix, how: pick.how, ...(pick.weighted ? {weighted: pick.weighted, selectedValue: pick.selectedValue} : {})}
    log.add('network-filter', {resource: terminal.name, rule: pick.rule, caveats: [...filterCaveats, ...pick.caveats], details})
    if (!pick.cluster) return finish(outcome('blocked', 'tcp_proxy has no cluster for this connection: Envoy closes it'))
    clusterName = pick.cluster
  } else {
    const hcm = terminal.hcm
    const blocked = httpMismatch(conn, terminates)
    const routeName = hcm.routeConfig ? `inline route_config ${hcm.routeConfig.name ?? ''}`.trim() : hcm.rds ? `RDS ${hcm.rds.routeConfigName}` : 'scoped routes'
    log.add('network-filter', {
      resource: terminal.name,
      rule: blocked ?? `HTTP connection manager (${routeName})`,
      caveats: [...filterCaveats, ...hcmCaveats(hcm, requestInit)],
      details: {...filterDetails, kind: 'http_connection_manager', statPrefix: hcm.statPrefix, routes: routeName},
    })
    if (blocked) return finish(outcome('blocked', blocked))
    const init: HttpRequestInit = requestInit ?? {authority: target.host, path: '/', method: 'GET'}
    if (!requestInit) log.hops[log.hops.length - 1].caveats.push(`the chain speaks HTTP but the target gave no HTTP request: traced as GET / with Host ${target.host}`)
    const ssl = terminates || init.ssl === true
    const req = httpRequest({...init, ssl, scheme: ssl ? 'https' : 'http'})
    const http = traceHttp(dump, hcm, req, conn.destPort, log)
    if ('outcome' in http) return finish(http.outcome)
    clusterName = http.cluster
  }

  // 4. the cluster
  const entry = dump.cluster(clusterName)
  if (!entry) {
    log.add('cluster', {rule: `the proxy has no cluster named ${clusterName}: Envoy answers 503 (NC) / closes the connection`, details: {name: clusterName}})
    return finish(outcome('unknown-cluster', `cluster ${clusterName} is not in the dump`, clusterName))
  }
  const facts = clusterFacts(entry.resource)
  const clusterCaveats = entry.state === 'ACTIVE' ? [] : [`the cluster is ${entry.state.toLowerCase()}: Envoy does not use it until it is active`]
  log.add('cluster', {
    resource: clusterName,
    rule: `${facts.type}, ${facts.lbPolicy}, ${describeTls(facts.tls)}${facts.destinationRule ? `, DestinationRule ${facts.destinationRule}` : ''}`,
    caveats: clusterCaveats,
    details: {...facts, state: entry.state},
  })
  if (clusterName === 'BlackHoleCluster') {
    return finish(outcome('blocked', 'BlackHoleCluster: a cluster with no endpoints on purpose — Istio drops this traffic (outboundTrafficPolicy REGISTRY_ONLY, or traffic to the pod itself)', clusterName))
  }

  // 5. endpoints
  const ep = endpointVerdict(entry.resource, endpoints, conn)
  log.add('endpoints', {resource: clusterName, rule: ep.rule, caveats: ep.caveats, details: {status: ep.status, endpoints: ep.endpoints}})
  if (ep.status === 'none') return finish(outcome('no-healthy-endpoint', `cluster ${clusterName} has no healthy endpoint: 503`, clusterName))
  const unknown = ep.status === 'unknown' || (ep.endpoints.length === 0 && facts.type === 'EDS')
  return finish(outcome('routed', `routed to cluster ${clusterName}${unknown ? ' (endpoints not known from this dump)' : ''}`, clusterName))
}

function connectionOf(dump: ConfigDump, views: readonly ListenerView[], t: TraceTarget): Connection {
  const base = {direction: t.direction, protocol: t.protocol, destPort: t.port, ...(t.sni ? {sni: t.sni} : {}), ...(t.alpn ? {alpn: t.alpn} : {})}
  if (t.destIp !== undefined) {
    return {...base, destIp: t.destIp, destIpSource: t.destIpSource ?? 'flag', ...(t.destIpSource === 'literal' ? {destIpNote: 'the URL names the IP'} : {destIpNote: '--dest-ip'})}
  }
  const inferred = inferDestIp(dump, views, t.host, t.port, t.direction)
  return inferred.ip === undefined
    ? {...base, destIpSource: 'unknown', destIpNote: inferred.note}
    : {...base, destIp: inferred.ip, destIpSource: 'inferred', destIpNote: inferred.note}
}

function describeRequest(init: HttpRequestInit): TraceRequest {
  return {
    method: (init.method ?? 'GET').toUpperCase(),
    scheme: init.scheme ?? (init.ssl ? 'https' : 'http'),
    authority: init.authority,
    path: init.path ?? '/',
    headers: [...(init.headers ?? [])].map(([name, value]) => ({name, value})),
    randomValue: init.randomValue ?? 0,
  }
}

function listenerDetails(v: ListenerView, how: string): Record<string, unknown> {
  return {
    how,
    address: hostPort(v.ip, v.port),
    bindToPort: v.bindToPort,
    useOriginalDst: v.handsOff,
    listenerFilters: listenerFilterKinds(v.listener).map((k, i) => (k === 'other' ? (v.listener.listenerFilters?.[i].name ?? 'other') : k)),
    filterChains: v.listener.filterChains?.length ?? 0,
    defaultFilterChain: v.listener.defaultFilterChain !== undefined,
    ...(v.listener.filterChainMatcher ? {filterChainMatcher: true} : {}),
  }
}

/** The chain terminates TLS: a downstream TLS transport socket (v3) or tls_context (v2). */
function terminatesTls(chain: FilterChain): boolean {
  return isTls(chain.transportSocket) || chain.tlsContext !== undefined
}

/** Why an HTTP connection manager cannot read this connection, if it cannot. */
function httpMismatch(conn: Connection, terminatesTls: boolean): string | undefined {
  if (conn.protocol === 'tcp') return 'the chain speaks HTTP but the connection carries raw TCP: the HTTP codec rejects it and Envoy closes the connection'
  if (conn.protocol === 'tls' && !terminatesTls) return 'the chain speaks plaintext HTTP but the connection is TLS the chain does not terminate: the HTTP codec rejects it'
  if (conn.protocol === 'http' && terminatesTls) return 'the chain terminates TLS but the connection is plaintext: the TLS handshake fails'
  return undefined
}

function hcmCaveats(hcm: {normalizePath?: boolean; mergeSlashes?: boolean; pathWithEscapedSlashesAction?: string}, init: HttpRequestInit | undefined): string[] {
  const path = init?.path ?? '/'
  const out: string[] = []
  if (hcm.mergeSlashes && path.includes('//')) out.push('merge_slashes: Envoy merges repeated slashes before routing; the path is matched as given')
  if (hcm.normalizePath && /\/\.\.?(\/|$|\?)|%2e/i.test(path)) out.push('normalize_path: Envoy normalizes dot segments before routing; the path is matched as given')
  if (hcm.pathWithEscapedSlashesAction && /%2f|%5c/i.test(path)) out.push(`path_with_escaped_slashes_action ${hcm.pathWithEscapedSlashesAction} applies to this path; it is matched as given`)
  return out
}
