import type {DumpReading} from '../check/dump-reading.js'
import {rejectedCountersFrom} from '../check/snapshot-inputs.js'
import type {ProxySnapshot} from '../check/types.js'
import {MeshscopeError, messageOf} from '../cli/errors.js'
import {clustersStatusFromJson} from '../envoy/clusters-status.js'
import type {InputText} from '../source/input.js'
import {AdminPath, type ProxySource, readConfigDump} from '../source/proxy-source.js'

/** What check reads from a proxy's admin API besides the config dump, and how each is parsed. */
const OPTIONAL = {
  clusters: {path: AdminPath.clusterStatus, parse: (t: InputText) => clustersStatusFromJson(JSON.parse(t.text)) ?? {format: 'json' as const, clusters: []}},
  stats: {path: 'stats?format=json&filter=update_rejected', parse: (t: InputText) => rejectedCountersFrom(JSON.parse(t.text))},
  ready: {path: 'ready', parse: (t: InputText) => t.text},
  certs: {path: 'certs', parse: (t: InputText) => JSON.parse(t.text) as unknown},
} as const

/**
 * Reads one proxy for check. The config dump is required; the other inputs are read from a live proxy (or
 * a bundle) only, and one that fails is recorded in `missing` so the rule that needs it says it was skipped.
 * `live` is false for a saved dump (-f), which answers every path with the same file. A live proxy is asked
 * everything at once, so a pod costs one admin round trip, not five. `reading`: which dump to ask for and the
 * fields the rules read of it (see dumpReading).
 */
export async function readSnapshot(source: ProxySource, proxy: string, live: boolean, reading: DumpReading): Promise<ProxySnapshot> {
  if (!live) return {proxy, dump: await readConfigDump(source, reading.path, reading.shapes)}
  const missing: Record<string, string> = {}
  const read = async <K extends keyof typeof OPTIONAL>(key: K): Promise<ReturnType<(typeof OPTIONAL)[K]['parse']> | undefined> => {
    try {
      return (await OPTIONAL[key].parse(await source.get(OPTIONAL[key].path))) as ReturnType<(typeof OPTIONAL)[K]['parse']>
    } catch (err) {
      // /ready answers 503 with the state while the proxy is not ready: that is the answer, not a failed read
      if (key === 'ready' && err instanceof MeshscopeError && err.code === 'ADMIN_ERROR') return err.message as ReturnType<(typeof OPTIONAL)[K]['parse']>
      missing[key] = `/${OPTIONAL[key].path} could not be read: ${messageOf(err)}`
      return undefined
    }
  }
  const [dump, clusters, stats, ready, certs] = await Promise.all([readConfigDump(source, reading.path, reading.shapes), read('clusters'), read('stats'), read('ready'), read('certs')])
  return {proxy, dump, clusters, rejectedCounters: stats, ready, certs, missing}
}
