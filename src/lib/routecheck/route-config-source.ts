import {MeshscopeError} from '../cli/errors.js'
import {configDumpFrom} from '../envoy/config-dump.js'
import {field, toProtoJson} from '../envoy/proto-json.js'
import type {RouteConfiguration} from '../envoy/types.js'

/**
 * The RouteConfiguration route-check runs against: a bare RouteConfiguration document (what Envoy's
 * router_check_tool takes, YAML or JSON, either spelling), or one route config out of a whole config dump
 * picked with --route-name.
 */

export interface LoadedRouteConfig {
  config: RouteConfiguration
  /** The route config's name, or the file's label when it has none. */
  name: string
  from: 'route-configuration' | 'config-dump'
}

function isRouteConfiguration(doc: Record<string, unknown>): boolean {
  const type = doc['@type']
  if (typeof type === 'string') return /RouteConfiguration$/.test(type)
  return field(doc, 'virtual_hosts') !== undefined || field(doc, 'vhds') !== undefined
}

export function routeConfigFrom(doc: unknown, label: string, routeName?: string): LoadedRouteConfig {
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc) && isRouteConfiguration(doc as Record<string, unknown>)) {
    const config = toProtoJson<RouteConfiguration>(doc)
    if (routeName !== undefined && config.name !== routeName) {
      throw new MeshscopeError('NOT_FOUND', `${label} is the route configuration ${JSON.stringify(config.name ?? '')}, not ${JSON.stringify(routeName)}`, [
        '--route-name picks a route config out of a config dump; drop it for a bare RouteConfiguration file',
      ])
    }
    return {config, name: config.name ?? label, from: 'route-configuration'}
  }
  const dump = configDumpFrom(doc, label)
  const names = [...new Set(dump.routeConfigs.map((r) => r.name).filter((n) => n !== ''))].sort()
  if (routeName === undefined) {
    throw new MeshscopeError('USAGE', `${label} is a config dump: name the route configuration to check with --route-name`, [
      names.length > 0 ? `Route configurations in it: ${names.join(', ')}` : 'The dump has no named route configuration (RDS)',
    ])
  }
  const entry = dump.routeConfig(routeName)
  if (!entry) {
    throw new MeshscopeError('NOT_FOUND', `${label} has no route configuration named ${JSON.stringify(routeName)}`, [
      names.length > 0 ? `Route configurations in it: ${names.join(', ')}` : 'The dump has no named route configuration (RDS)',
    ])
  }
  return {config: entry.resource, name: routeName, from: 'config-dump'}
}
