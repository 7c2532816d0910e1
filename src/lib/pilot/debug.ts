import {MeshscopeError} from '../cli/errors.js'
import {askConnected, type Istiod, istiodBody} from './istiod.js'

/**
 * `pilot debug ENDPOINT`: any of istiod's /debug/* endpoints (istioctl-reference.md §4.1). A question about
 * one proxy (`?proxyID=`) goes to the replica that proxy is connected to; any other goes to every replica.
 */

/** The endpoints istiod documents (pilot/pkg/xds/debug.go), for `--list` when /debug/list is not served. */
export const DOCUMENTED_ENDPOINTS = [
  'adsz',
  'adsz?push=true',
  'ambientz',
  'authorizationz',
  'cachez',
  'clusterz',
  'config_dump?proxyID=',
  'configz',
  'connections',
  'ecdsz?proxyID=',
  'edsz?proxyID=',
  'endpointShardz',
  'endpointz',
  'force_disconnect?proxyID=',
  'inject',
  'instancesz?proxyID=',
  'krtz',
  'mcsz',
  'mesh',
  'ndsz?proxyID=',
  'networkz',
  'push_status',
  'pushcontext',
  'registryz',
  'resourcesz',
  'sidecarz?proxyID=',
  'syncz',
  'telemetryz',
] as const

/** `syncz`, `debug/syncz`, `/debug/syncz?x=1` → `/debug/syncz?x=1`. */
export function debugPath(endpoint: string): string {
  const bare = endpoint.trim().replace(/^\/+/, '').replace(/^debug\/?/, '')
  if (bare === '' || /^https?:/.test(bare)) {
    throw new MeshscopeError('USAGE', `"${endpoint}" is not an istiod debug endpoint`, ['Name one such as syncz or config_dump?proxyID=POD.NAMESPACE; see meshscope pilot debug --list'])
  }
  return `/debug/${bare}`
}

/** The proxy a debug path asks about, if any. */
export function proxyIdOf(path: string): string | undefined {
  const q = path.indexOf('?')
  return q < 0 ? undefined : (new URLSearchParams(path.slice(q + 1)).get('proxyID') ?? undefined)
}

export interface DebugAnswer {
  istiod: string
  body: string
}

/**
 * The answers to a debug path: every replica's, or, for a proxyID question, the first replica that knows
 * the proxy (those that answer 404 "not connected" are skipped).
 */
export async function askDebug(istiods: readonly Istiod[], path: string): Promise<DebugAnswer[]> {
  const proxyId = proxyIdOf(path)
  if (proxyId === undefined) return Promise.all(istiods.map(async (i) => ({istiod: i.name, body: istiodBody(i, path, await i.get(path))})))
  const {istiod, body} = await askConnected(istiods, proxyId, path)
  return [{istiod: istiod.name, body}]
}

/** istiod's own /debug/list (a JSON array of paths), or the documented endpoints when it has none. */
export async function listEndpoints(istiod: Istiod): Promise<{source: 'istiod' | 'documented'; endpoints: string[]}> {
  const answer = await istiod.get('/debug/list')
  if (answer.status === 404) return {source: 'documented', endpoints: DOCUMENTED_ENDPOINTS.map((e) => `/debug/${e}`)}
  const text = istiodBody(istiod, '/debug/list', answer)
  try {
    const list = JSON.parse(text) as unknown
    if (Array.isArray(list) && list.every((e) => typeof e === 'string')) return {source: 'istiod', endpoints: list}
  } catch {
    // falls through to the error below
  }
  throw new MeshscopeError('ADMIN_ERROR', `istiod ${istiod.name} answered /debug/list with something that is not a JSON list of paths`, [
    'See the raw answer: meshscope pilot debug list',
  ])
}

/** A body as JSON when it parses, else undefined (debug endpoints serve JSON, a few serve text). */
export function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}
