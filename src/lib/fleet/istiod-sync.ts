import {syncByProxy} from '../check/sync.js'
import type {ProxySyncStatus} from '../check/types.js'
import {messageOf} from '../cli/errors.js'
import {findIstiods, type IstiodOptions} from '../pilot/istiod.js'

/** istiod's raw /debug/syncz, per replica. */
export async function fetchSyncz(options: IstiodOptions): Promise<{istiod: string; body: string}[]> {
  const istiods = await findIstiods(options)
  const out: {istiod: string; body: string}[] = []
  for (const istiod of istiods) {
    const answer = await istiod.get('debug/syncz')
    if (answer.status === 200) out.push({istiod: istiod.name, body: answer.body})
  }
  return out
}

/** The sync status of every proxy connected to istiod, or why it is not available (the check rule is then skipped). */
export async function readSync(options: IstiodOptions): Promise<{sync: Map<string, ProxySyncStatus>} | {unavailable: string}> {
  try {
    return {sync: syncByProxy(await fetchSyncz(options))}
  } catch (err) {
    return {unavailable: `istiod's sync status could not be read: ${messageOf(err)}`}
  }
}
