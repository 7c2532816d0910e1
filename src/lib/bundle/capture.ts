import {MeshscopeError, messageOf} from '../cli/errors.js'
import {fetchSyncz} from '../fleet/istiod-sync.js'
import type {IstiodOptions} from '../pilot/istiod.js'
import type {ProxySource} from '../source/proxy-source.js'
import {CAPTURES, type Manifest, type ManifestPod, podDir, SYNCZ_FILE} from './layout.js'
import type {BundleWriter} from './writer.js'

/** `name.namespace` → its parts (namespaces cannot contain dots; pod names can). */
export function splitProxy(proxy: string): {name: string; namespace: string} {
  const dot = proxy.lastIndexOf('.')
  return {name: proxy.slice(0, dot), namespace: proxy.slice(dot + 1)}
}

/**
 * Records one proxy's admin API into the bundle. The config dump is required (without it the proxy failed
 * and its directory is removed); every other path that fails is noted in the manifest entry.
 */
export async function capturePod(source: ProxySource, proxy: string, writer: BundleWriter): Promise<ManifestPod> {
  const {name, namespace} = splitProxy(proxy)
  const dir = podDir(namespace, name)
  const entry: ManifestPod = {proxy, name, namespace, dir, files: {}, errors: {}}
  try {
    for (const c of CAPTURES) {
      let text: string
      try {
        text = (await source.get(c.path)).text
      } catch (err) {
        if (c.required) throw err
        entry.errors[c.key] = {code: err instanceof MeshscopeError ? err.code : 'INTERNAL', message: messageOf(err)}
        continue
      }
      await writer.write(`${dir}/${c.file}`, text)
      entry.files[c.key] = c.file
    }
  } catch (err) {
    await writer.remove(dir)
    throw err
  }
  return entry
}

/** istiod's /debug/syncz (every replica's answer merged), through the control-plane client. */
export async function captureSyncz(options: IstiodOptions, writer: BundleWriter): Promise<Manifest['istiod']> {
  try {
    const bodies = await fetchSyncz(options)
    if (bodies.length === 0) return {error: 'no istiod answered /debug/syncz'}
    const merged = bodies.flatMap((b) => (JSON.parse(b.body) as unknown[] | null) ?? [])
    await writer.write(SYNCZ_FILE, `${JSON.stringify(merged, null, 1)}\n`)
    return {file: SYNCZ_FILE}
  } catch (err) {
    return {error: messageOf(err)}
  }
}
