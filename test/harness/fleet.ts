import {fixture} from '../helpers/cli.js'
import {DUMPS} from './bookinfo.js'
import {FakeEnvoyAdmin} from './fake-envoy-admin.js'
import {FakeKubeApi, type FakePod} from './fake-kube-api.js'
import {writeKubeconfig} from './kubeconfig.js'

/** What each fake pod of the fleet is, and so which check rules must fire on it. */
export type FleetKind = 'healthy' | 'slow' | 'broken-routes' | 'broken-states' | 'old-root' | 'unreachable' | 'stuck'

export const FLEET_DUMPS = {
  healthy: DUMPS.productpage,
  brokenRoutes: fixture('meshscope', 'check', 'productpage-broken.json'),
  states: fixture('meshscope', 'model', 'states.json'),
  oldRoot: fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'compare', 'sds', 'testdata', 'envoyconfigdumpsds.json'),
}

export interface Fleet {
  api: FakeKubeApi
  kubeconfig: string
  /** `name.namespace` → kind, for every pod that has a proxy and runs */
  kinds: Map<string, FleetKind>
  flags: string[]
  close(): Promise<void>
}

/**
 * A fake cluster of `counts` pods labelled fleet=yes over two namespaces, cheap at any size: pods of a kind
 * share one FakeEnvoyAdmin (each reads its files once). Plus two pods the selection must leave out (one
 * without a sidecar, one pending).
 */
export async function startFleet(counts: Record<FleetKind, number>, opts: {stuckMs?: number; slowMs?: number} = {}): Promise<Fleet> {
  const api = await FakeKubeApi.start()
  // as a live Envoy prints it (the fixture is hand-edited): what meshscope reads from a fleet
  const healthy = new FakeEnvoyAdmin({configDump: FLEET_DUMPS.healthy, stats: DUMPS.stats, reprint: true})
  const admins: Record<FleetKind, FakeEnvoyAdmin | undefined> = {
    healthy,
    slow: healthy,
    stuck: healthy,
    'broken-routes': new FakeEnvoyAdmin({configDump: FLEET_DUMPS.brokenRoutes, stats: fixture('meshscope', 'check', 'stats-rejected.txt'), ready: 'PRE_INITIALIZING'}),
    'broken-states': new FakeEnvoyAdmin({configDump: FLEET_DUMPS.states, clustersJson: DUMPS.clustersJson, stats: DUMPS.stats}),
    'old-root': new FakeEnvoyAdmin({configDump: FLEET_DUMPS.oldRoot, stats: DUMPS.stats}),
    unreachable: undefined,
  }
  const kinds = new Map<string, FleetKind>()
  let i = 0
  for (const [kind, n] of Object.entries(counts) as [FleetKind, number][]) {
    for (let k = 0; k < n; k++, i++) {
      const pod: FakePod = {name: `${kind}-${String(k).padStart(3, '0')}`, namespace: i % 2 === 0 ? 'fleet-a' : 'fleet-b', labels: {fleet: 'yes', kind}, admin: admins[kind]}
      if (kind === 'slow') pod.delayMs = opts.slowMs ?? 200
      if (kind === 'stuck') pod.delayMs = opts.stuckMs ?? 20_000
      api.pods.push(pod)
      kinds.set(`${pod.name}.${pod.namespace}`, kind)
    }
  }
  api.pods.push(
    {name: 'no-sidecar', namespace: 'fleet-a', labels: {fleet: 'yes'}, containers: ['app']},
    {name: 'pending', namespace: 'fleet-b', labels: {fleet: 'yes'}, phase: 'Pending', ready: false, admin: healthy},
  )
  const kc = writeKubeconfig(api.url, api.token)
  return {
    api,
    kubeconfig: kc.path,
    kinds,
    flags: ['--kubeconfig', kc.path],
    async close() {
      await api.close()
      kc.cleanup()
    },
  }
}
