import {parseSyncz, syncState, XDS_TYPES} from '../pilot/syncz.js'
import type {ProxySyncStatus} from './types.js'

/** istiod's /debug/syncz bodies (one per replica) → each connected proxy's per-type state, by proxy id (`name.namespace`). */
export function syncByProxy(bodies: readonly {istiod: string; body: string}[]): Map<string, ProxySyncStatus> {
  const out = new Map<string, ProxySyncStatus>()
  for (const {istiod, body} of bodies) {
    for (const s of parseSyncz(body, istiod)) {
      const types = Object.fromEntries(XDS_TYPES.map((t) => [t, syncState(s, t)]))
      out.set(s.proxy, {types, istiod})
    }
  }
  return out
}
