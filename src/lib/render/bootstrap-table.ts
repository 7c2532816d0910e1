import type {VersionSummary} from '../summary/bootstrap.js'
import {table} from './table.js'

/** `proxy-config bootstrap -o short` (and the bootstrap section of `proxy-config all`). */
export function versionSummaryText(v: VersionSummary): string {
  return table(
    undefined,
    [
      ['Istio Version:', v.istioVersion],
      ['Istio Proxy Version:', v.istioProxyVersion],
      ['Envoy Version:', v.envoyVersion],
    ],
    1,
  )
}
