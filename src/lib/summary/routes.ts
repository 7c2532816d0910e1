/**
 * `proxy-config route`: which route configurations istioctl shows, in what order, and how it words each
 * route (istioctl/pkg/writer/envoy/configdump/route.go).
 */
import type {ConfigDump} from '../envoy/config-dump.js'
import {isObject, objects, strings, text} from '../envoy/lenient.js'
import type {Route, RouteConfiguration, RouteMatch} from '../envoy/types.js'
import type {Shape} from '../envoy/proto-json.js'
import {goSortSlice} from './go-sort.js'
import {describeManagement} from './istio-names.js'

/** istioctl's `--name`: the exact route configuration name (`9080`, `http.8080`). */
export interface RouteFilter {
  name?: string
}

/**
 * RDS and static route configurations matching the filter, dynamic first, in dump order (what `-o json`
 * prints). Route configs inlined in listeners are not here, as in istioctl.
 */
export function selectRouteConfigs(dump: ConfigDump, filter: RouteFilter): RouteConfiguration[] {
  const entries = dump.routeConfigs
  const ordered = [...entries.filter((e) => e.origin === 'dynamic'), ...entries.filter((e) => e.origin === 'static')]
  return ordered.map((e) => e.resource).filter((r) => isObject(r) && (filter.name === undefined || text(r.name) === filter.name))
}

/** One line of the verbose table: a route of a virtual host. */
export interface RouteRow {
  name: string
  vhostName: string
  domains: string
  match: string
  virtualService: string
}

/** One line of the `--verbose=false` table. */
export interface RouteCountRow {
  name: string
  virtualHosts: string
}

/** What routeRows and routeCountRows (and selectRouteConfigs) read of a route configuration: a table parses only these. */
export const ROUTE_ROW_FIELDS: Shape = {
  '@type': true,
  name: true,
  virtual_hosts: {name: true, domains: true, routes: {match: true, metadata: true, route: {cluster: true}}},
}

/** Rows of the verbose table, in istioctl's order; passthrough routes are left out, a host without routes is a 404. */
export function routeRows(routes: readonly RouteConfiguration[]): RouteRow[] {
  const rows: RouteRow[] = []
  for (const rc of summaryOrder(routes)) {
    const name = text(rc.name)
    for (const vh of objects(rc.virtualHosts)) {
      const base = {name, vhostName: text(vh.name), domains: describeRouteDomains(strings(vh.domains))}
      const routes = objects(vh.routes)
      for (const r of routes) {
        if (!isPassthrough(r)) rows.push({...base, match: describeMatch(r.match), virtualService: describeManagement(r.metadata)})
      }
      if (routes.length === 0) rows.push({...base, match: '/*', virtualService: '404'})
    }
  }
  return rows
}

export function routeCountRows(routes: readonly RouteConfiguration[]): RouteCountRow[] {
  return summaryOrder(routes).map((rc) => ({name: text(rc.name), virtualHosts: String(Array.isArray(rc.virtualHosts) ? rc.virtualHosts.length : 0)}))
}

/**
 * Numeric names (`9080`) ascending; istioctl's comparator says "not less" whenever either name is not a
 * number, so where the others end up is whatever Go's sort.Slice makes of that, which goSortSlice repeats.
 */
export function summaryOrder(routes: readonly RouteConfiguration[]): RouteConfiguration[] {
  const keyed = routes.map((r) => ({route: r, n: atoi(text(r.name))}))
  goSortSlice(keyed, (a, b) => a.n !== undefined && b.n !== undefined && a.n < b.n)
  return keyed.map((k) => k.route)
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** Go's strconv.Atoi: optional sign, decimal digits, within int64. */
function atoi(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined
  const n = BigInt(s)
  return n < INT64_MIN || n > INT64_MAX ? undefined : n
}

/** Routes to PassthroughCluster are not shown. */
export function isPassthrough(route: Route): boolean {
  return isObject(route.route) && route.route.cluster === 'PassthroughCluster'
}

/** The MATCH cell: `prefix*`, `PathPrefix:/x`, an exact path or `regex <re>`; headers are not shown. */
export function describeMatch(match: RouteMatch | undefined): string {
  if (!isObject(match)) return ''
  const conds: string[] = []
  if (text(match.prefix)) conds.push(`${match.prefix}*`)
  if (text(match.pathSeparatedPrefix)) conds.push(`PathPrefix:${match.pathSeparatedPrefix}`)
  if (text(match.path)) conds.push(text(match.path))
  if (isObject(match.safeRegex)) conds.push(`regex ${text(match.safeRegex.regex)}`)
  // v2 `regex` (Envoy < 1.14): istioctl today cannot read it; shown the same way as safe_regex
  else if (text(match.regex)) conds.push(`regex ${match.regex}`)
  return conds.join(' ')
}

/**
 * The DOMAINS cell: a single domain as it is; otherwise the domains without `:port` variants and without
 * the `.svc` / `.svc.cluster.local` expansions of a shorter one, at most two, then `+ N more...`.
 */
export function describeRouteDomains(domains: readonly string[]): string {
  if (domains.length === 0) return ''
  if (domains.length === 1) return domains[0]
  const max = 2
  const withoutPort: string[] = []
  for (const d of domains) {
    if (!d.includes(':')) withoutPort.push(d)
    // an IPv6 address: keep [fd00::1], drop [fd00::1]:8080
    else if (d.split(':').length - 1 > 2 && d.endsWith(']')) withoutPort.push(d)
  }
  const shown = unexpandDomains(withoutPort)
  if (shown.length > max) return `${shown.slice(0, max).join(', ')} + ${shown.length - max} more...`
  return shown.join(', ')
}

/** Drops `x.svc.cluster.local` and `x.svc` when `x` is also in the list, keeping the original order. */
function unexpandDomains(domains: readonly string[]): string[] {
  const unique = new Set(domains)
  const drop = new Set<string>()
  for (const h of domains) {
    for (const suffix of ['.svc.cluster.local', '.svc']) {
      if (h.endsWith(suffix) && unique.has(h.slice(0, -suffix.length))) drop.add(h)
    }
  }
  return domains.filter((h) => !drop.has(h))
}
