import type {ConfigDump} from '../envoy/config-dump.js'
import type {HttpConnectionManager, RouteConfiguration} from '../envoy/types.js'
import {type ActionOutcome, evaluateAction} from '../match/action.js'
import type {HttpRequest} from '../match/request.js'
import {selectRoute} from '../match/route.js'
import {selectVirtualHost, type VirtualHostOptions} from '../match/virtual-host.js'
import {type HopLog, outcome} from './hop-log.js'
import type {Outcome} from './types.js'

/** Where the HTTP part of a trace ended: a cluster to continue with, or a final outcome. */
export type HttpResult = {cluster: string} | {outcome: Outcome}

/**
 * The RDS hops of an HTTP connection manager: its RouteConfiguration (inline or by RDS name), the virtual
 * host, the route and its action — all decided by src/lib/match, the one implementation of Envoy's rules.
 */
export function traceHttp(dump: ConfigDump, hcm: HttpConnectionManager, req: HttpRequest, listenerPort: number, log: HopLog): HttpResult {
  const rc = routeConfigOf(dump, hcm, log)
  if ('outcome' in rc) return rc

  const opts: VirtualHostOptions = {
    stripPort: hcm.stripAnyHostPort ? 'any' : hcm.stripMatchingHostPort ? {listenerPort} : undefined,
    stripTrailingHostDot: hcm.stripTrailingHostDot,
  }
  const vh = selectVirtualHost(rc.config, req, opts)
  const vhostMisses = vh.nearMisses.map((m) => ({resource: m.vhost, why: `domain ${m.domain}: ${m.why}`}))
  if (!vh.vhost) {
    log.add('virtual-host', {
      rule: vh.host === '' ? 'the request has no Host to match' : `no virtual host has a domain matching ${vh.host} (and there is no "*"): Envoy answers 404 (NR)`,
      nearMisses: vhostMisses,
      caveats: vh.caveats,
      details: {host: vh.host, rule: vh.rule},
    })
    return {outcome: outcome('no-route', `no virtual host for ${vh.host || 'the request'} in route config ${rc.name}: 404`)}
  }
  const vhostName = vh.vhost.name ?? `#${vh.index}`
  log.add('virtual-host', {
    resource: vhostName,
    rule: vhostRule(vh.rule, vh.host, vh.matchedDomain),
    nearMisses: vhostMisses,
    caveats: vh.caveats,
    details: {host: vh.host, rule: vh.rule, matchedDomain: vh.matchedDomain, index: vh.index},
  })

  const rd = selectRoute(vh.vhost, req, {ignorePathParameters: rc.config.ignorePathParametersInPathMatching})
  const routeMisses = rd.nearMisses.map((m) => ({resource: m.name ? `${m.name} (#${m.index})` : `#${m.index}`, why: `failed on ${m.failedOn}`}))
  if (!rd.route) {
    log.add('route', {rule: `no route of ${vhostName} matches ${req.method} ${req.path}: Envoy answers 404 (NR)`, nearMisses: routeMisses, caveats: rd.caveats, details: {routes: vh.vhost.routes?.length ?? 0}})
    return {outcome: outcome('no-route', `no route in virtual host ${vhostName} matches ${req.path}: 404`)}
  }
  const routeName = rd.tlsRedirect ? 'require_tls' : rd.route.name ? `${rd.route.name} (#${rd.index})` : `#${rd.index}`
  log.add('route', {
    resource: routeName,
    rule: rd.tlsRedirect ? rd.matchedOn.join(', ') : `first route that matches, in order: ${rd.matchedOn.join(', ')}`,
    nearMisses: routeMisses,
    caveats: rd.caveats,
    details: {index: rd.index, match: rd.route.match ?? {}, matchedOn: rd.matchedOn},
  })

  const action = evaluateAction(rd.route, vh.vhost, req, rd.matchedLength)
  return actionHop(action, rd.route.route?.clusterHeader !== undefined, log)
}

function routeConfigOf(dump: ConfigDump, hcm: HttpConnectionManager, log: HopLog): {config: RouteConfiguration; name: string} | {outcome: Outcome} {
  if (hcm.routeConfig) {
    const name = hcm.routeConfig.name ?? '(inline)'
    log.add('route-config', {resource: name, rule: 'the HTTP connection manager\'s inline route_config', details: {source: 'inline', virtualHosts: hcm.routeConfig.virtualHosts?.length ?? 0}})
    return {config: hcm.routeConfig, name}
  }
  const rdsName = hcm.rds?.routeConfigName
  if (rdsName !== undefined) {
    // RDS configs live in dynamic_route_configs; static ones with the same name are other listeners' inline configs
    const entry = dump.routeConfigs.find((e) => e.origin === 'dynamic' && e.name === rdsName) ?? dump.routeConfig(rdsName)
    if (!entry) {
      log.add('route-config', {
        rule: `RDS route config "${rdsName}" is not in the dump: the proxy has no routes for it yet, so Envoy answers every request with 404 (NR)`,
        caveats: dump.has('routes') ? [] : ['the dump has no RoutesConfigDump section at all'],
        details: {source: 'rds', routeConfigName: rdsName},
      })
      return {outcome: outcome('no-route', `route config ${rdsName} is not loaded: 404`)}
    }
    log.add('route-config', {resource: rdsName, rule: `RDS route_config_name "${rdsName}"`, details: {source: 'rds', virtualHosts: entry.resource.virtualHosts?.length ?? 0, versionInfo: entry.versionInfo}})
    return {config: entry.resource, name: rdsName}
  }
  const why = hcm.scopedRoutes ? 'scoped_routes (SRDS) pick the route config from request headers; meshscope does not evaluate scopes' : 'the HTTP connection manager names no route config'
  log.add('route-config', {rule: why, details: {source: hcm.scopedRoutes ? 'scoped_routes' : 'none'}})
  return {outcome: outcome('unresolved', why)}
}

function vhostRule(rule: string, host: string, domain: string | undefined): string {
  switch (rule) {
    case 'exact':
      return `exact domain ${domain} = Host ${host}`
    case 'suffix-wildcard':
      return `longest suffix wildcard ${domain} matches Host ${host} (no exact domain)`
    case 'prefix-wildcard':
      return `longest prefix wildcard ${domain} matches Host ${host} (no exact or suffix wildcard domain)`
    case 'catch-all':
      return host === '' ? 'the only virtual host is "*" (Envoy does not look at the Host)' : `"*" catches Host ${host} (no exact or wildcard domain matches)`
    default:
      return rule
  }
}

function actionHop(a: ActionOutcome, byHeader: boolean, log: HopLog): HttpResult {
  switch (a.kind) {
    case 'redirect':
      log.add('action', {rule: `redirect: ${a.status} to ${a.location}`, details: {kind: 'redirect', status: a.status, location: a.location}})
      return {outcome: outcome('direct-response', `Envoy answers ${a.status} redirect to ${a.location}`)}
    case 'direct_response':
      log.add('action', {rule: `direct_response ${a.status}`, caveats: a.caveats, details: {kind: 'direct_response', status: a.status, ...(a.body !== undefined ? {body: a.body} : {})}})
      return {outcome: outcome('direct-response', `Envoy answers ${a.status} itself (direct_response)`)}
    case 'unresolved':
      log.add('action', {rule: a.why, details: {kind: 'unresolved'}})
      // a cluster named by a missing header is Envoy's 503 NC (cluster not found); anything else meshscope cannot decide
      return {outcome: byHeader ? outcome('unknown-cluster', a.why) : outcome('unresolved', a.why)}
    case 'cluster': {
      const rule =
        a.how === 'weighted'
          ? `weighted_clusters: random % total = ${a.selectedValue} falls in ${a.cluster}'s interval`
          : a.how === 'cluster_header'
            ? `cluster_header: the request header names ${a.cluster}`
            : `route.cluster ${a.cluster}`
      const {kind: _kind, caveats, ...rest} = a
      log.add('action', {resource: a.cluster, rule, caveats, details: {kind: 'cluster', ...rest}})
      return {cluster: a.cluster}
    }
  }
}
