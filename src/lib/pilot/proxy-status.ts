import {MeshscopeError} from '../cli/errors.js'
import type {ConfigDump} from '../envoy/config-dump.js'
import {configDumpFrom} from '../envoy/config-dump.js'
import {parseJson} from '../envoy/parse-document.js'
import {type Istiod, istiodBody, NOT_CONNECTED} from './istiod.js'
import type {IstiodSyncz} from './status.js'
import {parseSyncz} from './syncz.js'

/** Asks every istiod for /debug/syncz (and its /version, for -o json), as istioctl merges all replicas. */
export async function gatherSyncz(istiods: readonly Istiod[], namespace?: string): Promise<IstiodSyncz[]> {
  const path = `/debug/syncz${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''}`
  return Promise.all(
    istiods.map(async (istiod) => {
      const statuses = parseSyncz(istiodBody(istiod, path, await istiod.get(path)), istiod.name)
      const version = await istiod.get('/version').then(
        (v) => (v.status === 200 ? v.body.trim() : undefined),
        () => undefined,
      )
      return {istiod: istiod.name, version, statuses}
    }),
  )
}

/**
 * istiod's config dump for one proxy: replicas are asked one by one, and those that answer "Proxy not
 * connected to this Pilot instance" are skipped (a proxy holds one ADS stream, to one replica).
 */
export async function istiodConfigDump(istiods: readonly Istiod[], proxyId: string): Promise<{istiod: string; dump: ConfigDump}> {
  const path = `/debug/config_dump?proxyID=${encodeURIComponent(proxyId)}`
  for (const istiod of istiods) {
    const answer = await istiod.get(path)
    if (answer.status !== 200 && NOT_CONNECTED.test(answer.body)) continue
    const text = istiodBody(istiod, path, answer)
    return {istiod: istiod.name, dump: configDumpFrom(parseJson({label: `istiod ${istiod.name}`, text}), `istiod ${istiod.name}`)}
  }
  throw new MeshscopeError('NOT_FOUND', `proxy ${proxyId} is not connected to any of the ${istiods.length} istiod(s) asked (${istiods.map((i) => i.name).join(', ')})`, [
    'Check the pod name and namespace (the proxy ID is POD.NAMESPACE), and that its sidecar is running',
    'List connected proxies: meshscope proxy-status',
  ])
}
