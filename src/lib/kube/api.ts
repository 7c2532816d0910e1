import type {AppsV1Api, ConfigurationOptions, CoreV1Api, ObservableMiddleware, V1LabelSelector, V1Pod} from '@kubernetes/client-node'
import type {Target} from '../cli/target.js'
import {withDeadline} from './deadline.js'
import {type KubeCall, kubeError} from './errors.js'
import type {KubeContext} from './kubeconfig.js'
import type {K8s} from './load-k8s.js'
import {checkPod, choosePod, type PodRef, selectorString} from './pods.js'

/** The Kubernetes API calls meshscope makes, each bounded by --timeout and mapped to a MeshscopeError. */
export class KubeApi {
  private readonly core: CoreV1Api
  private readonly apps: AppsV1Api

  constructor(
    readonly k8s: K8s,
    readonly ctx: KubeContext,
    readonly timeoutMs: number,
  ) {
    this.core = ctx.kc.makeApiClient(k8s.CoreV1Api)
    this.apps = ctx.kc.makeApiClient(k8s.AppsV1Api)
  }

  /** What a call is, for error messages. */
  call(verbs: string[], resource: string, namespace: string, subject: string, name?: string): KubeCall {
    return {verbs, resource, namespace, subject, name, server: this.ctx.server, context: this.ctx.context, timeoutMs: this.timeoutMs}
  }

  /** Runs one API request with an abort signal wired into client-node's fetch, under the deadline. */
  async request<T>(call: KubeCall, send: (options: ConfigurationOptions<ObservableMiddleware>) => Promise<T>): Promise<T> {
    try {
      return await withDeadline(this.timeoutMs, `the Kubernetes API request (${call.verbs[0]} ${call.resource} in ${call.namespace})`, (signal) =>
        send({middleware: [this.signalMiddleware(signal)], middlewareMergeStrategy: 'append'}),
      )
    } catch (err) {
      throw kubeError(err, call)
    }
  }

  readPod(name: string, namespace: string): Promise<V1Pod> {
    return this.request(this.call(['get'], 'pods', namespace, `pod ${name}`, name), (o) => this.core.readNamespacedPod({name, namespace}, o))
  }

  /** The pods of a workload, through its label selector. */
  async workloadPods(target: Target, namespace: string): Promise<V1Pod[]> {
    const {kind, name} = target
    const read = {name, namespace}
    const call = this.call(['get'], `${kind}s.apps`, namespace, `${kind} ${name}`, name)
    let selector: V1LabelSelector | undefined
    if (kind === 'deployment') selector = (await this.request(call, (o) => this.apps.readNamespacedDeployment(read, o))).spec?.selector
    else if (kind === 'statefulset') selector = (await this.request(call, (o) => this.apps.readNamespacedStatefulSet(read, o))).spec?.selector
    else if (kind === 'daemonset') selector = (await this.request(call, (o) => this.apps.readNamespacedDaemonSet(read, o))).spec?.selector
    else selector = (await this.request(call, (o) => this.apps.readNamespacedReplicaSet(read, o))).spec?.selector
    const labelSelector = selectorString(selector)
    const list = await this.request(this.call(['list'], 'pods', namespace, `pods of ${kind}/${name}`), (o) =>
      this.core.listNamespacedPod({namespace, labelSelector}, o),
    )
    return list.items
  }

  /** `[type/]name[.ns]` → a running pod with the proxy container. */
  async resolve(target: Target, namespace: string, container: string, containerFlag: boolean): Promise<PodRef> {
    const ns = target.namespace ?? namespace
    const pod = target.kind === 'pod' ? await this.readPod(target.name, ns) : choosePod(await this.workloadPods(target, ns), target, ns)
    return checkPod(pod, container, containerFlag)
  }

  /** client-node 1.x lets a middleware set the fetch AbortSignal: this is how a REST call honours --timeout. */
  private signalMiddleware(signal: AbortSignal): ObservableMiddleware {
    const {Observable} = this.k8s
    return {
      pre: (c) => {
        c.setSignal(signal)
        return new Observable(Promise.resolve(c))
      },
      post: (r) => new Observable(Promise.resolve(r)),
    }
  }
}
