import type {V1Pod} from '@kubernetes/client-node'
import type {KubeApi} from './api.js'
import {containerNames, isRunning, type PodRef} from './pods.js'

/** Which pods a fleet command reads: `-l SELECTOR`, `-n NS` or `-A` (all namespaces). */
export interface PodSelection {
  selector?: string
  namespace: string
  allNamespaces?: boolean
  /** the proxy container (istio-proxy) */
  container: string
}

export interface SelectedPods {
  /** running pods with the proxy container, by namespace then name */
  pods: PodRef[]
  /** pods left out, and why (not running, not in the mesh) */
  skipped: {pod: string; reason: string}[]
}

/** Lists the pods a selection names, keeping the ones a proxy can be read from. */
export async function selectPods(api: KubeApi, sel: PodSelection): Promise<SelectedPods> {
  const core = api.ctx.kc.makeApiClient(api.k8s.CoreV1Api)
  const labelSelector = sel.selector || undefined
  const where = sel.allNamespaces ? 'all namespaces' : sel.namespace
  const call = api.call(['list'], 'pods', where, labelSelector ? `pods matching ${labelSelector}` : 'pods')
  const list = await api.request(call, (o) =>
    sel.allNamespaces ? core.listPodForAllNamespaces({labelSelector}, o) : core.listNamespacedPod({namespace: sel.namespace, labelSelector}, o),
  )
  const out: SelectedPods = {pods: [], skipped: []}
  for (const pod of sortPods(list.items)) {
    const name = pod.metadata?.name ?? '?'
    const namespace = pod.metadata?.namespace ?? '?'
    const label = `${name}.${namespace}`
    if (!containerNames(pod).includes(sel.container)) out.skipped.push({pod: label, reason: `no ${sel.container} container (not in the mesh)`})
    else if (!isRunning(pod)) out.skipped.push({pod: label, reason: `not running (phase ${pod.status?.phase ?? 'unknown'})`})
    else out.pods.push({name, namespace, container: sel.container})
  }
  return out
}

function sortPods(pods: V1Pod[]): V1Pod[] {
  const key = (p: V1Pod) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`
  return [...pods].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}
