import type {ConfigDump} from '../envoy/config-dump.js'
import {configDumpFrom} from '../envoy/config-dump.js'
import {parseJson} from '../envoy/parse-document.js'
import {askConnected, type Istiod, istiodBody} from './istiod.js'
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

/** istiod's config dump for one proxy, from the replica it is connected to (see askConnected). */
export async function istiodConfigDump(istiods: readonly Istiod[], proxyId: string): Promise<{istiod: string; dump: ConfigDump}> {
  const {istiod, body} = await askConnected(istiods, proxyId, `/debug/config_dump?proxyID=${encodeURIComponent(proxyId)}`)
  return {istiod: istiod.name, dump: configDumpFrom(parseJson({label: `istiod ${istiod.name}`, text: body}), `istiod ${istiod.name}`)}
}
