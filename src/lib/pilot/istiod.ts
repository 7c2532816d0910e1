import type {V1Pod} from '@kubernetes/client-node'
import {MeshscopeError, messageOf} from '../cli/errors.js'
import {KubeApi} from '../kube/api.js'
import {parseTimeout, withDeadline} from '../kube/deadline.js'
import {execInPod} from '../kube/exec.js'
import {loadKubeContext} from '../kube/kubeconfig.js'
import {loadK8s} from '../kube/load-k8s.js'
import {isRunning, type PodRef} from '../kube/pods.js'
import {portForwardRequest} from '../kube/port-forward.js'

/** One istiod replica's HTTP debug server (or Pilot's v1 REST API). */
export interface Istiod {
  readonly name: string
  /** GET a path; resolves with the status and body (a non-200 is not thrown: "not connected" is a 404). */
  get(path: string): Promise<{status: number; body: string}>
}

export interface IstiodOptions {
  kubeconfig?: string
  context?: string
  'istio-namespace'?: string
  revision?: string
  'istiod-url'?: string
  /** KEY=VALUE that labels the control plane pods, instead of app=istiod then istio=pilot */
  'istiod-label'?: string
  /** port to use instead of the pod's monitoring port (Pilot v1: 15007) */
  port?: number
  transport?: string
  timeout?: string
  verbose?: boolean
  json?: boolean
}

const MONITORING_PORT = 15014
/** istiod's label (1.5+), then the label Pilot 0.x–1.4 pods carried (they have no app=istiod). */
const DEFAULT_LABELS = ['app=istiod', 'istio=pilot']

/** The label selectors tried in turn: --istiod-label alone, else app=istiod then istio=pilot; each with istio.io/rev for --revision. */
export function istiodSelectors(options: Pick<IstiodOptions, 'istiod-label' | 'revision'>): string[] {
  const label = options['istiod-label']
  if (label !== undefined && !/^[^=,!\s]+=[^=,!\s]*$/.test(label)) {
    throw new MeshscopeError('USAGE', `--istiod-label ${label} is not KEY=VALUE`, ['e.g. --istiod-label istio=pilot (Pilot 1.4 and older)'])
  }
  const rev = options.revision ? `,istio.io/rev=${options.revision}` : ''
  return (label !== undefined ? [label] : DEFAULT_LABELS).map((l) => `${l}${rev}`)
}

/**
 * Every running istiod in the control plane namespace, or the one at --istiod-url. Pods are found by the first
 * of istiodSelectors that matches a running pod; -v says which one did.
 */
export async function findIstiods(options: IstiodOptions): Promise<Istiod[]> {
  const timeoutMs = parseTimeout(options.timeout ?? '30s')
  if (options['istiod-url']) return [new UrlIstiod(options['istiod-url'], timeoutMs)]
  const selectors = istiodSelectors(options)
  const k8s = await loadK8s()
  const ctx = loadKubeContext(k8s, options)
  const api = new KubeApi(k8s, ctx, timeoutMs)
  const namespace = options['istio-namespace'] ?? 'istio-system'
  const core = ctx.kc.makeApiClient(k8s.CoreV1Api)
  for (const labelSelector of selectors) {
    const list = await api.request(api.call(['list'], 'pods', namespace, `istiod pods (${labelSelector})`), (o) => core.listNamespacedPod({namespace, labelSelector}, o))
    const pods = list.items.filter(isRunning)
    if (pods.length === 0) continue
    if (options.verbose && !options.json) {
      process.stderr.write(`note: control plane pods found by label ${labelSelector} in ${namespace}: ${pods.map((p) => p.metadata?.name ?? '?').join(', ')}\n`)
    }
    const transport = options.transport ?? 'port-forward'
    return pods.map((p) => new PodIstiod(api, p, options.port ?? monitoringPort(p), transport === 'exec' ? 'exec' : 'port-forward'))
  }
  const [first, ...rest] = selectors
  throw new MeshscopeError('POD_NOT_FOUND', `no running istiod pod with labels ${first} in namespace ${namespace}${rest.length ? ` (nor a Pilot 1.4-or-older pod with ${rest.join(', ')})` : ''}`, [
    `Check: kubectl get pods -n ${namespace} --show-labels`,
    'Name the control plane namespace with -i/--istio-namespace, the revision with --revision, its pods\' label with --istiod-label KEY=VALUE, or use --istiod-url',
  ])
}

/** The pod's `prometheus.io/port` annotation (istiod's monitoring and debug port), else 15014. */
export function monitoringPort(pod: V1Pod): number {
  const annotated = Number(pod.metadata?.annotations?.['prometheus.io/port'])
  return Number.isInteger(annotated) && annotated > 0 ? annotated : MONITORING_PORT
}

class PodIstiod implements Istiod {
  private readonly pod: PodRef

  constructor(
    private readonly api: KubeApi,
    pod: V1Pod,
    private readonly port: number,
    private readonly transport: 'port-forward' | 'exec',
  ) {
    // the pilot container is `discovery` in istiod and in Pilot 0.x–1.4 alike
    this.pod = {name: pod.metadata?.name ?? '?', namespace: pod.metadata?.namespace ?? '?', container: 'discovery'}
  }

  get name(): string {
    return this.pod.name
  }

  async get(path: string): Promise<{status: number; body: string}> {
    if (this.transport === 'port-forward') {
      const r = await portForwardRequest(this.api, this.pod, this.port, 'GET', path.replace(/^\//, ''))
      return {status: r.status, body: r.body.toString('utf8')}
    }
    // 2018's way: pilot-discovery curls its own debug port from inside the discovery container
    const result = await execInPod(this.api, this.pod, ['pilot-discovery', 'request', 'GET', path])
    if (result.status?.status === 'Success') return {status: 200, body: result.stdout.toString('utf8')}
    const stderr = result.stderr.trim() || result.status?.message || 'no message'
    const code = /status code:? (\d{3})/i.exec(stderr)?.[1]
    if (!code) throw new MeshscopeError('ADMIN_UNREACHABLE', `pilot-discovery in istiod pod ${this.pod.name} failed: ${stderr}`, ['Try --transport port-forward'])
    return {status: Number(code), body: stderr.replace(/^.*status code:? \d{3}:?\s*/i, '')}
  }
}

class UrlIstiod implements Istiod {
  private readonly base: URL

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    try {
      this.base = new URL(url)
    } catch {
      throw new MeshscopeError('USAGE', `--istiod-url ${url} is not a URL`, ['Use --istiod-url http://127.0.0.1:15014'])
    }
  }

  get name(): string {
    return this.base.host
  }

  get(path: string): Promise<{status: number; body: string}> {
    const url = new URL(path.replace(/^\//, ''), this.base.href.endsWith('/') ? this.base.href : `${this.base.href}/`)
    return withDeadline(this.timeoutMs, `GET ${url.href}`, async (signal) => {
      try {
        const res = await fetch(url, {signal})
        return {status: res.status, body: await res.text()}
      } catch (err) {
        if (signal.aborted) throw err
        throw new MeshscopeError('ADMIN_UNREACHABLE', `cannot reach istiod at ${this.base.origin}: ${messageOf((err as {cause?: unknown}).cause ?? err)}`, [
          'Check the address, or start one: kubectl port-forward -n istio-system deploy/istiod 15014',
        ])
      }
    })
  }
}

export const NOT_CONNECTED = /not connected to this Pilot instance/i

/**
 * A question about one proxy: replicas are asked one by one, and those that answer "Proxy not connected
 * to this Pilot instance" are skipped (a proxy holds one ADS stream, to one replica). Returns the first
 * other answer's body (errors thrown as istiodBody throws them).
 */
export async function askConnected(istiods: readonly Istiod[], proxyId: string, path: string): Promise<{istiod: Istiod; body: string}> {
  for (const istiod of istiods) {
    const answer = await istiod.get(path)
    if (answer.status !== 200 && NOT_CONNECTED.test(answer.body)) continue
    return {istiod, body: istiodBody(istiod, path, answer)}
  }
  throw new MeshscopeError('NOT_FOUND', `proxy ${proxyId} is not connected to any of the ${istiods.length} istiod(s) asked (${istiods.map((i) => i.name).join(', ')})`, [
    'Check the pod name and namespace (the proxy ID is POD.NAMESPACE), and that its sidecar is running',
    'List connected proxies: meshscope proxy-status',
  ])
}

/** The body of a 200, or an error that says what istiod answered. */
export function istiodBody(istiod: Istiod, path: string, answer: {status: number; body: string}): string {
  if (answer.status === 200) return answer.body
  const excerpt = answer.body.trim().split('\n')[0]?.slice(0, 200) ?? ''
  if (answer.status === 401 || answer.status === 403) {
    throw new MeshscopeError('ADMIN_ERROR', `istiod ${istiod.name} refused ${path} (${answer.status})${excerpt ? `: ${excerpt}` : ''}`, [
      'istiod authenticates debug requests that do not come from localhost: use port-forward (the default) or --transport exec',
      'With debug-endpoint auth on, your token needs access to the namespace you ask about',
    ])
  }
  throw new MeshscopeError('ADMIN_ERROR', `istiod ${istiod.name} answered ${answer.status} to ${path}${excerpt ? `: ${excerpt}` : ''}`, [
    answer.status === 404 ? 'This istiod does not serve that path: see meshscope pilot debug --list' : 'Check the istiod logs: kubectl logs -n istio-system -l app=istiod',
  ])
}
