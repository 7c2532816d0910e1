import {MeshscopeError} from './errors.js'

/** A pod or workload named on the command line: `[type/]name[.namespace]`, as istioctl parses it. */
export interface Target {
  kind: 'pod' | 'deployment' | 'statefulset' | 'daemonset' | 'replicaset'
  name: string
  namespace?: string
}

const KINDS: Record<string, Target['kind']> = {
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  sts: 'statefulset',
  daemonset: 'daemonset',
  daemonsets: 'daemonset',
  ds: 'daemonset',
  replicaset: 'replicaset',
  replicasets: 'replicaset',
  rs: 'replicaset',
}

export function parseTarget(arg: string): Target {
  let kind: Target['kind'] = 'pod'
  let rest = arg
  const slash = arg.indexOf('/')
  if (slash >= 0) {
    const k = KINDS[arg.slice(0, slash).toLowerCase()]
    if (!k) {
      throw new MeshscopeError('USAGE', `"${arg}" does not refer to a pod or workload`, [
        'Name a pod (NAME, NAME.NAMESPACE, pod/NAME) or a workload (deployment/NAME, statefulset/NAME, daemonset/NAME, replicaset/NAME)',
      ])
    }
    kind = k
    rest = arg.slice(slash + 1)
  }
  // Kubernetes names cannot contain dots for pods created by workloads; istioctl splits at the last dot
  const dot = rest.lastIndexOf('.')
  const name = dot > 0 ? rest.slice(0, dot) : rest
  const namespace = dot > 0 ? rest.slice(dot + 1) : undefined
  if (!name || namespace === '') throw new MeshscopeError('USAGE', `"${arg}" is not a valid pod name`, ['Use NAME or NAME.NAMESPACE'])
  return {kind, name, namespace}
}
