import {fixture} from '../helpers/cli.js'
import {FakeEnvoyAdmin} from './fake-envoy-admin.js'
import {FakeKubeApi, type StartOptions} from './fake-kube-api.js'
import {writeKubeconfig} from './kubeconfig.js'

/** The real dumps the fake pods serve (also what the -f side of the equivalence tests reads). */
export const DUMPS = {
  productpage: fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json'),
  waypoint: fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json'),
  clustersJson: fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'envoy', 'clusters', 'testdata', 'clusters.json'),
  logging: fixture('istio', 'istioctl', 'pkg', 'writer', 'envoy', 'logging', 'testdata', 'logging.txt'),
  stats: fixture('meshscope', 'live', 'stats.txt'),
}

export interface LiveCluster {
  api: FakeKubeApi
  kubeconfig: string
  productpage: FakeEnvoyAdmin
  waypoint: FakeEnvoyAdmin
  /** flags that point the CLI at this cluster */
  flags: string[]
  close(): Promise<void>
}

/**
 * A fake cluster: bookinfo's productpage pod (default namespace, deployment productpage-v1), a waypoint pod
 * (namespace mesh), a pod without a sidecar, a pending pod, and an old gateway whose proxy container is not
 * called istio-proxy.
 */
export async function startLiveCluster(opts: StartOptions = {}): Promise<LiveCluster> {
  const api = await FakeKubeApi.start(opts)
  const productpage = new FakeEnvoyAdmin({configDump: DUMPS.productpage, clustersJson: DUMPS.clustersJson, logging: DUMPS.logging, stats: DUMPS.stats})
  const waypoint = new FakeEnvoyAdmin({configDump: DUMPS.waypoint, clustersJson: DUMPS.clustersJson})
  const ppLabels = {app: 'productpage', version: 'v1'}
  api.pods.push(
    {name: 'productpage-v1-7bbd79f8fd-k6j79', namespace: 'default', labels: ppLabels, admin: productpage},
    {name: 'productpage-v1-7bbd79f8fd-old00', namespace: 'default', labels: ppLabels, phase: 'Failed', ready: false, admin: productpage, createdAt: '2026-11-25T11:00:00Z'},
    {name: 'waypoint-0', namespace: 'mesh', labels: {app: 'waypoint'}, nativeSidecar: true, admin: waypoint},
    {name: 'plain-app', namespace: 'default', labels: {app: 'plain'}, containers: ['app']},
    {name: 'pending-app', namespace: 'default', labels: {app: 'pending'}, phase: 'Pending', ready: false, admin: productpage},
    {name: 'old-gateway', namespace: 'istio-system', labels: {app: 'gw'}, containers: ['ingressgateway'], admin: productpage},
  )
  api.workloads.push(
    {kind: 'deployment', name: 'productpage-v1', namespace: 'default', matchLabels: ppLabels},
    {kind: 'statefulset', name: 'waypoint', namespace: 'mesh', matchLabels: {app: 'waypoint'}},
    {kind: 'deployment', name: 'pending', namespace: 'default', matchLabels: {app: 'pending'}},
    {kind: 'deployment', name: 'empty', namespace: 'default', matchLabels: {app: 'nothing'}},
  )
  api.services.push({name: 'productpage', namespace: 'default', selector: {app: 'productpage'}, port: 9080})
  const kc = writeKubeconfig(api.url, api.token)
  return {
    api,
    kubeconfig: kc.path,
    productpage,
    waypoint,
    flags: ['--kubeconfig', kc.path],
    async close() {
      await api.close()
      kc.cleanup()
    },
  }
}
