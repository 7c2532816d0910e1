import {MeshscopeError} from '../cli/errors.js'
import {ConfigDump} from '../envoy/config-dump.js'
import {parseJson} from '../envoy/parse-document.js'
import {type Istiod, istiodBody} from './istiod.js'
import {istiodConfigDump} from './proxy-status.js'

type Raw = Record<string, unknown>

const ENDPOINTS_DUMP = 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump'
const CLA = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment'

/**
 * istiod's view of one proxy as a snapshot the trace engine walks: `/debug/config_dump?proxyID=` from the
 * replica the proxy is connected to, plus that replica's `/debug/edsz?proxyID=` (istiod's config dump has
 * no endpoints; EDS is what it would push for the proxy's watched clusters).
 */
export async function istiodView(istiods: readonly Istiod[], proxyId: string): Promise<{istiod: string; dump: ConfigDump}> {
  const {istiod: name, dump} = await istiodConfigDump(istiods, proxyId)
  const replica = istiods.find((i) => i.name === name) as Istiod
  const path = `/debug/edsz?proxyID=${encodeURIComponent(proxyId)}`
  const text = istiodBody(replica, path, await replica.get(path))
  const eds = edsSection(text, name, path)
  return {istiod: name, dump: new ConfigDump([...dump.allSections().filter((s) => !String(s['@type']).endsWith('EndpointsConfigDump')), eds])}
}

/**
 * edsz answers a JSON array of ClusterLoadAssignments (istiod ≥1.8; `null` when the proxy watches none);
 * an EndpointsConfigDump section or a `{configs}` dump are accepted too.
 */
export function edsSection(text: string, istiod: string, path: string): Raw {
  const doc = parseJson(
    {text, label: `istiod ${istiod}'s answer to ${path}`},
    `See the raw answer: meshscope pilot debug '${path.replace(/^\/debug\//, '')}'`,
    'ADMIN_ERROR',
  )
  const list = doc === null ? [] : doc
  if (Array.isArray(list)) return {'@type': ENDPOINTS_DUMP, dynamicEndpointConfigs: list.map((c: Raw) => ({endpointConfig: {'@type': CLA, ...c}}))}
  const o = list as Raw
  if (String(o['@type']).endsWith('EndpointsConfigDump')) return o
  const section = Array.isArray(o.configs) ? (o.configs as Raw[]).find((s) => String(s['@type']).endsWith('EndpointsConfigDump')) : undefined
  if (section) return section
  throw new MeshscopeError('ADMIN_ERROR', `istiod ${istiod} answered ${path} with JSON that holds no endpoints (expected an array of ClusterLoadAssignments)`, [
    'Check the istiod version: meshscope pilot debug version',
  ])
}
