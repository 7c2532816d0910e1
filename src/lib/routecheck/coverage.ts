import type {Route, RouteConfiguration, RouteMatch} from '../envoy/types.js'
import {regexPattern} from '../match/strings.js'

/**
 * Route coverage as router_check_tool reports it: a route is covered once a passing assertion of a test
 * resolved to it. Basic coverage is covered routes / all routes; comprehensive coverage (--covall) counts,
 * per route, the share of its fields that were asserted: cluster_name, virtual_cluster_name,
 * virtual_host_name, path_rewrite and host_rewrite for a forwarding route; path_redirect and code_redirect
 * for a redirect or direct response.
 */

export type CoverageField = 'cluster_name' | 'virtual_cluster_name' | 'virtual_host_name' | 'path_rewrite' | 'host_rewrite' | 'path_redirect' | 'code_redirect'

const FORWARDING_FIELDS: CoverageField[] = ['cluster_name', 'virtual_cluster_name', 'virtual_host_name', 'path_rewrite', 'host_rewrite']
const DIRECT_FIELDS: CoverageField[] = ['path_redirect', 'code_redirect']

export interface MissingRoute {
  virtualHost: string
  routeIndex: number
  routeName: string
  /** The route's match in proto text form, e.g. `prefix: "/"`. */
  match: string
}

export interface CoverageReport {
  /** Percentage, 0..100. */
  percent: number
  comprehensive: boolean
  coveredRoutes: number
  totalRoutes: number
  missing: MissingRoute[]
}

const key = (vhostIndex: number, routeIndex: number) => `${vhostIndex}/${routeIndex}`

export class CoverageTracker {
  private readonly covered = new Map<string, Set<CoverageField>>()

  mark(vhostIndex: number, routeIndex: number, f: CoverageField): void {
    const k = key(vhostIndex, routeIndex)
    const set = this.covered.get(k) ?? new Set()
    set.add(f)
    this.covered.set(k, set)
  }

  report(rc: RouteConfiguration, comprehensive: boolean): CoverageReport {
    let total = 0
    let cumulative = 0
    const missing: MissingRoute[] = []
    ;(rc.virtualHosts ?? []).forEach((vh, vi) => {
      ;(vh.routes ?? []).forEach((route, ri) => {
        total++
        const fields = this.covered.get(key(vi, ri))
        if (fields === undefined) {
          missing.push({virtualHost: vh.name ?? '', routeIndex: ri, routeName: route.name ?? '', match: matchText(route.match ?? {})})
          return
        }
        const all = isDirect(route) ? DIRECT_FIELDS : FORWARDING_FIELDS
        cumulative += comprehensive ? all.filter((f) => fields.has(f)).length / all.length : 1
      })
    })
    return {percent: total === 0 ? 100 : (100 * cumulative) / total, comprehensive, coveredRoutes: this.covered.size, totalRoutes: total, missing}
  }
}

function isDirect(route: Route): boolean {
  return route.redirect !== undefined || route.directResponse !== undefined
}

/** A RouteMatch's path specifier in protobuf text form, the way Envoy names a route it found untested. */
export function matchText(m: RouteMatch): string {
  const q = (s: string) => JSON.stringify(s)
  if (m.prefix !== undefined) return `prefix: ${q(m.prefix)}`
  if (m.path !== undefined) return `path: ${q(m.path)}`
  const re = regexPattern(m.safeRegex) ?? m.regex
  if (re !== undefined) return `safe_regex { regex: ${q(re)} }`
  if (m.pathSeparatedPrefix !== undefined) return `path_separated_prefix: ${q(m.pathSeparatedPrefix)}`
  if (m.pathMatchPolicy !== undefined) return `path_match_policy { name: ${q(m.pathMatchPolicy.name ?? '')} }`
  if (m.connectMatcher !== undefined) return 'connect_matcher { }'
  return ''
}
