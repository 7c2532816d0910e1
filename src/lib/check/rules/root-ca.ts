import type {ProxySnapshot, RuleRun} from '../types.js'
import {heldCerts} from './certificates.js'

/** A rule that compares proxies: it keeps a small value per proxy while the fleet streams, and judges at the end. */
export interface FleetRule<T> {
  id: string
  title: string
  collect(snapshot: ProxySnapshot, now: Date): T | undefined
  judge(values: ReadonlyMap<string, T>): Map<string, RuleRun>
}

/** The root CA a proxy trusts, by serial (sorted, when it trusts several). */
export const rootCaMismatch: FleetRule<string> = {
  id: 'root-ca-mismatch',
  title: 'root CA differing between proxies',
  collect(s, now) {
    const serials = heldCerts(s, now)
      .filter((c) => c.isCA)
      .map((c) => c.serialNumber)
    return serials.length > 0 ? [...new Set(serials)].sort().join(',') : undefined
  },
  judge(values) {
    const out = new Map<string, RuleRun>()
    const counts = new Map<string, number>()
    for (const v of values.values()) counts.set(v, (counts.get(v) ?? 0) + 1)
    // the root most proxies trust is the reference (ties: the smallest serial, so the answer is stable)
    const reference = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0]
    for (const [proxy, root] of values) {
      if (counts.size < 2 || root === reference) {
        out.set(proxy, {findings: []})
        continue
      }
      out.set(proxy, {
        findings: [
          {
            severity: 'error',
            resource: 'secret/ROOTCA',
            message: `trusts root CA serial ${root}, while ${counts.get(reference ?? '')} of ${values.size} proxies trust serial ${reference}: mTLS between them fails`,
            suggestion: 'Finish (or roll back) the root CA rotation: restart the proxies still on the old root once every workload trusts both',
          },
        ],
      })
    }
    return out
  },
}
