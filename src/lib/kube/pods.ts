import type {V1LabelSelector, V1Pod} from '@kubernetes/client-node'
import {MeshscopeError} from '../cli/errors.js'
import type {Target} from '../cli/target.js'

/** A pod meshscope will talk to, after the checks kubectl and istioctl make. */
export interface PodRef {
  name: string
  namespace: string
  container: string
}

export const isRunning = (pod: V1Pod): boolean => pod.status?.phase === 'Running'
export const isReady = (pod: V1Pod): boolean => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')

/** Container names of a pod, native sidecars (init containers that keep running) included. */
export function containerNames(pod: V1Pod): string[] {
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')
  return [...(pod.spec?.containers ?? []), ...sidecars].map((c) => c.name)
}

/** Checks that a pod can answer: running, and with the proxy container. */
export function checkPod(pod: V1Pod, container: string, containerFlag: boolean): PodRef {
  const name = pod.metadata?.name ?? '?'
  const namespace = pod.metadata?.namespace ?? '?'
  if (!isRunning(pod)) {
    const phase = pod.status?.phase ?? 'unknown'
    throw new MeshscopeError('POD_NOT_READY', `pod ${name} in namespace ${namespace} is not running (phase ${phase})`, [
      `See why: kubectl describe pod ${name} -n ${namespace}`,
      'Pick a running pod, or name the workload (deployment/NAME) to let meshscope pick one',
    ])
  }
  const names = containerNames(pod)
  if (!names.includes(container)) {
    const hint = containerFlag
      ? [`Containers in this pod: ${names.join(', ')}; pass one of them with --container`]
      : [
          'Is the pod in the mesh? Check injection: kubectl get pod ' + `${name} -n ${namespace} -o jsonpath='{.spec.containers[*].name}'`,
          `If the proxy container has another name (an old gateway, e.g. ${names[0] ?? 'istio-proxy'}), pass --container NAME`,
        ]
    throw new MeshscopeError('POD_NOT_READY', `pod ${name} in namespace ${namespace} has no ${container} container (it has: ${names.join(', ') || 'none'})`, hint)
  }
  return {name, namespace, container}
}

/** kubectl's choice among a workload's pods: running and ready first, then the newest; ties by name. */
export function choosePod(pods: V1Pod[], target: Target, namespace: string): V1Pod {
  const label = `${target.kind}/${target.name}`
  if (pods.length === 0) {
    throw new MeshscopeError('POD_NOT_FOUND', `${label} in namespace ${namespace} has no pods`, [
      `Check it: kubectl get ${label} -n ${namespace}`,
      'Scale it up, or name a pod directly',
    ])
  }
  const rank = (p: V1Pod) => (isRunning(p) ? 2 : 0) + (isReady(p) ? 1 : 0)
  const created = (p: V1Pod) => new Date(p.metadata?.creationTimestamp ?? 0).getTime()
  const sorted = [...pods].sort(
    (a, b) => rank(b) - rank(a) || created(b) - created(a) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  )
  const best = sorted[0]
  if (!isRunning(best) || !isReady(best)) {
    const states = pods.map((p) => `${p.metadata?.name} (${p.status?.phase ?? 'unknown'}${isReady(p) ? ', ready' : ', not ready'})`)
    throw new MeshscopeError('POD_NOT_READY', `${label} in namespace ${namespace} has no running, ready pod: ${states.join(', ')}`, [
      `See why: kubectl describe ${label} -n ${namespace}`,
      'Name one of its pods directly to read it anyway',
    ])
  }
  return best
}

/** A workload's selector as a label-selector query string (matchLabels and matchExpressions). */
export function selectorString(selector: V1LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const e of selector?.matchExpressions ?? []) {
    const values = `(${(e.values ?? []).join(',')})`
    if (e.operator === 'In') parts.push(`${e.key} in ${values}`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin ${values}`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
  }
  return parts.join(',')
}
