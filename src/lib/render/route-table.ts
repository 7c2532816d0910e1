import type {RouteCountRow, RouteRow} from '../summary/routes.js'
import {table} from './table.js'

/** `proxy-config route` short output. The first column is NAME either way; `prefixed` writes `route/<name>` in it, as `proxy-config all` does. */
export function routeTable(rows: readonly RouteRow[], prefixed = false): string {
  const cells = rows.map((r) => [cellName(prefixed, r.name), r.vhostName, r.domains, r.match, r.virtualService])
  return table(['NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE'], cells, 5)
}

/** `proxy-config route --verbose=false`: one line per route configuration with its number of virtual hosts. */
export function routeCountTable(rows: readonly RouteCountRow[], prefixed = false): string {
  return table(['NAME', 'VIRTUAL HOSTS'], rows.map((r) => [cellName(prefixed, r.name), r.virtualHosts]), 5)
}

function cellName(prefixed: boolean, name: string): string {
  return prefixed ? `route/${name}` : name
}
