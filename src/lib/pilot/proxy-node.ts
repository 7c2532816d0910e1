import {MeshscopeError} from '../cli/errors.js'
import type {Target} from '../cli/target.js'
import {KubeApi} from '../kube/api.js'
import {parseTimeout} from '../kube/deadline.js'
import {loadKubeContext} from '../kube/kubeconfig.js'
import {loadK8s} from '../kube/load-k8s.js'
import {choosePod, isRunning} from '../kube/pods.js'
import {findIstiods, type Istiod, type IstiodOptions} from './istiod.js'
import {checkServiceNode, SERVICE_CLUSTER, serviceNode} from './v1-client.js'

export interface ProxyNodeOptions {
  kubeconfig?: string
  context?: string
  namespace?: string
  timeout?: string
  node?: string
  'service-cluster'?: string
  'proxy-type'?: string
}

/** Who a v1 question is about: Envoy's --service-cluster and --service-node. */
export interface V1Proxy {
  serviceCluster: string
  node: string
}

/**
 * The v1 identity of a proxy: `--node` as given (no pod needed), else built from the pod (its IP needs
 * the Kubernetes API). `--service-cluster` defaults to istio-proxy.
 */
export async function v1Proxy(target: Target | undefined, options: ProxyNodeOptions): Promise<V1Proxy> {
  const serviceCluster = options['service-cluster'] ?? SERVICE_CLUSTER
  if (options.node !== undefined) {
    checkServiceNode(options.node)
    return {serviceCluster, node: options.node}
  }
  if (target === undefined) {
    throw new MeshscopeError('USAGE', 'name the proxy: a pod (NAME[.NAMESPACE]) or its service node with --node', [
      'meshscope pilot lds productpage-v1-7bbd79f8fd-k6j79.default',
      'meshscope pilot lds --node sidecar~10.1.1.0~v0.default~default.svc.cluster.local',
    ])
  }
  const k8s = await loadK8s()
  const ctx = loadKubeContext(k8s, options)
  const api = new KubeApi(k8s, ctx, parseTimeout(options.timeout ?? '30s'))
  const namespace = target.namespace ?? options.namespace ?? ctx.namespace
  const pod = target.kind === 'pod' ? await api.readPod(target.name, namespace) : choosePod(await api.workloadPods(target, namespace), target, namespace)
  const name = pod.metadata?.name ?? target.name
  const ip = pod.status?.podIP
  if (!isRunning(pod) || !ip) {
    throw new MeshscopeError('POD_NOT_READY', `pod ${name} in namespace ${namespace} has no IP yet (phase ${pod.status?.phase ?? 'unknown'}), so it has no service node`, [
      `See why: kubectl describe pod ${name} -n ${namespace}`,
      'Or give the service node with --node TYPE~IP~POD.NAMESPACE~NAMESPACE.svc.cluster.local',
    ])
  }
  return {serviceCluster, node: serviceNode({type: options['proxy-type'], ip, pod: name, namespace})}
}

/** The Pilot that answers v1 questions: the first replica found, on --pilot-port (or --istiod-url). */
export async function pilotV1(options: IstiodOptions & {'pilot-port'?: number; 'istiod-transport'?: string}): Promise<Istiod> {
  const [first] = await findIstiods({...options, port: options['pilot-port'], transport: options['istiod-transport']})
  return first
}
