import type {V1Cluster, V1Host, V1Listener, V1RouteConfig} from '../pilot/v1-types.js'
import {table} from './table.js'

/** Short tables of Pilot v1 REST answers (`pilot lds|cds|rds|sds`); `-o json` prints the bodies as served. */

export function v1ListenerTable(listeners: readonly V1Listener[]): string {
  const rows = listeners.map((l) => {
    const filters = (l.filters ?? []).map((f) => f.name)
    const rds = (l.filters ?? []).map((f) => (f.config?.rds as {route_config_name?: string} | undefined)?.route_config_name).find((n) => n !== undefined)
    const flags = [l.use_original_dst ? 'use_original_dst' : '', l.bind_to_port === false ? 'bind_to_port=false' : ''].filter(Boolean).join(',')
    return [l.name, l.address, flags || '-', filters.join(',') || '-', rds ?? '-']
  })
  return table(['NAME', 'ADDRESS', 'FLAGS', 'FILTERS', 'RDS'], rows, 2)
}

export function v1ClusterTable(clusters: readonly V1Cluster[]): string {
  const rows = clusters.map((c) => [c.name, c.type, c.service_name ?? (c.hosts ?? []).map((h) => h.url).join(',') ?? '-', c.connect_timeout_ms === undefined ? '-' : `${c.connect_timeout_ms}ms`])
  return table(['NAME', 'TYPE', 'SERVICE KEY/HOSTS', 'CONNECT TIMEOUT'], rows, 2)
}

export function v1RouteTable(rc: V1RouteConfig): string {
  const rows: string[][] = []
  for (const vh of rc.virtual_hosts ?? []) {
    const domains = vh.domains.length > 2 ? `${vh.domains.slice(0, 2).join(',')} + ${vh.domains.length - 2} more` : vh.domains.join(',')
    for (const r of vh.routes ?? []) {
      const match = r.path !== undefined ? r.path : `${r.prefix ?? '/'}*`
      const headers = (r.headers ?? []).map((h) => `${h.name}${h.regex ? '~' : '='}${h.value}`).join(',')
      const dest = r.cluster ?? (r.weighted_clusters?.clusters ?? []).map((c) => `${c.name} ${c.weight}%`).join(',')
      rows.push([vh.name, domains, headers ? `${match} [${headers}]` : match, dest])
    }
  }
  return table(['VIRTUAL HOST', 'DOMAINS', 'MATCH', 'CLUSTER'], rows, 2)
}

export function v1HostTable(registrations: readonly {serviceKey: string; hosts: readonly V1Host[]}[]): string {
  const rows: string[][] = []
  for (const r of registrations) {
    for (const h of r.hosts) {
      const tags = Object.entries(h.tags ?? {}).map(([k, v]) => `${k}=${v}`).join(',')
      rows.push([r.serviceKey, `${h.ip_address}:${h.port}`, tags || '-'])
    }
  }
  return table(['SERVICE KEY', 'ENDPOINT', 'TAGS'], rows, 2)
}
