import {MeshscopeError} from '../cli/errors.js'
import {parseTarget} from '../cli/target.js'
import {KubeApi} from '../kube/api.js'
import {parseTimeout} from '../kube/deadline.js'
import {loadKubeContext} from '../kube/kubeconfig.js'
import {loadK8s} from '../kube/load-k8s.js'
import type {PodRef} from '../kube/pods.js'
import {selectPods} from '../kube/select-pods.js'
import {type LiveOptions, PodSource, TRANSPORTS, type Transport} from '../source/pod-source.js'
import type {FleetTarget} from './run.js'

export interface KubeFleetOptions extends LiveOptions {
  selector?: string
  'all-namespaces'?: boolean
}

export interface KubeFleet {
  api: KubeApi
  targets: FleetTarget[]
  /** pods left out of the selection, and why */
  skipped: {pod: string; reason: string}[]
}

export const proxyName = (pod: {name: string; namespace: string}) => `${pod.name}.${pod.namespace}`

/**
 * The pods named on the command line plus those a selection lists (-l, -n, -A), as fleet targets. One
 * kubeconfig and API client serve them all; each pod is opened over the chosen transport when its turn comes.
 */
export async function kubeFleet(pods: readonly string[], options: KubeFleetOptions, listAll: boolean): Promise<KubeFleet> {
  const transport = (options.transport ?? 'auto') as Transport
  if (!TRANSPORTS.includes(transport)) {
    throw new MeshscopeError('USAGE', `--transport ${options.transport} is not one of ${TRANSPORTS.join(', ')}`, ['Use --transport auto'])
  }
  const k8s = await loadK8s()
  const ctx = loadKubeContext(k8s, options)
  const api = new KubeApi(k8s, ctx, parseTimeout(options.timeout ?? '30s'))
  const container = options.container ?? 'istio-proxy'
  const namespace = options.namespace ?? ctx.namespace
  const port = options['proxy-admin-port'] ?? 15000
  const note = (message: string) => {
    if (options.verbose && !options.json) process.stderr.write(`note: ${message}\n`)
  }
  const targets: FleetTarget[] = []
  const seen = new Set<string>()
  const add = (proxy: string, open: () => Promise<PodRef>) => {
    if (seen.has(proxy)) return
    seen.add(proxy)
    targets.push({proxy, live: true, open: async () => new PodSource(api, await open(), port, transport, note)})
  }
  for (const arg of pods) {
    const target = parseTarget(arg)
    const label = target.kind === 'pod' ? proxyName({name: target.name, namespace: target.namespace ?? namespace}) : `${arg}${target.namespace ? '' : `.${namespace}`}`
    add(label, () => api.resolve(target, namespace, container, options.container !== undefined))
  }
  let skipped: KubeFleet['skipped'] = []
  if (listAll) {
    const selected = await selectPods(api, {selector: options.selector, namespace, allNamespaces: options['all-namespaces'], container})
    for (const pod of selected.pods) add(proxyName(pod), async () => pod)
    skipped = selected.skipped
  }
  return {api, targets, skipped}
}
