import {MeshscopeError, messageOf} from '../cli/errors.js'
import type {ProxyLocator} from '../cli/proxy-command.js'
import type {Target} from '../cli/target.js'
import {KubeApi} from '../kube/api.js'
import {parseTimeout, withDeadline} from '../kube/deadline.js'
import {execInPod, pilotAgentBody} from '../kube/exec.js'
import type {AdminResponse} from '../kube/http1.js'
import {loadKubeContext} from '../kube/kubeconfig.js'
import {loadK8s} from '../kube/load-k8s.js'
import type {PodRef} from '../kube/pods.js'
import {PortForwarder} from '../kube/port-forward.js'
import {bytesInput, type InputText, piecesInput} from './input.js'
import type {ProxySource} from './proxy-source.js'

export const TRANSPORTS = ['auto', 'port-forward', 'exec'] as const
export type Transport = (typeof TRANSPORTS)[number]

/** The kube flags of proxyFlags (a command passes its whole `flags`; extra fields are ignored). */
export interface LiveOptions {
  kubeconfig?: string
  context?: string
  namespace?: string
  container?: string
  transport?: string
  timeout?: string
  'admin-url'?: string
  'proxy-admin-port'?: number
  verbose?: boolean
  json?: boolean
}

type Method = 'GET' | 'POST'

/** A proxy's admin API that can also take the POSTs `proxy-config log` needs. */
export interface AdminSource extends ProxySource {
  post(path: string): Promise<InputText>
}

const DEFAULT_TIMEOUT = '30s'

function noteWriter(options: LiveOptions): (message: string) => void {
  return (message) => {
    if (options.verbose && !options.json) process.stderr.write(`note: ${message}\n`)
  }
}

/** Opens a pod (after the kubeconfig, context, pod and container checks) as an admin API source. */
export async function openPodSource(target: Target, options: LiveOptions = {}): Promise<AdminSource> {
  const transport = (options.transport ?? 'auto') as Transport
  if (!TRANSPORTS.includes(transport)) {
    throw new MeshscopeError('USAGE', `--transport ${options.transport} is not one of ${TRANSPORTS.join(', ')}`, ['Use --transport auto'])
  }
  const timeoutMs = parseTimeout(options.timeout ?? DEFAULT_TIMEOUT)
  const k8s = await loadK8s()
  const ctx = loadKubeContext(k8s, options)
  const api = new KubeApi(k8s, ctx, timeoutMs)
  const container = options.container ?? 'istio-proxy'
  const pod = await api.resolve(target, options.namespace ?? ctx.namespace, container, options.container !== undefined)
  const note = noteWriter(options)
  note(`context ${ctx.context} (${ctx.server}), pod ${pod.name} in namespace ${pod.namespace}, container ${pod.container}`)
  return new PodSource(api, pod, options['proxy-admin-port'] ?? 15000, transport, note)
}

/** GET and POST over one request method: what the live admin sources share. */
abstract class LiveAdminSource implements AdminSource {
  abstract readonly label: string

  get(path: string): Promise<InputText> {
    return this.request('GET', path)
  }

  post(path: string): Promise<InputText> {
    return this.request('POST', path)
  }

  async close(): Promise<void> {}

  protected abstract request(method: Method, path: string): Promise<InputText>
}

/** Envoy's admin API in a pod, over port-forward or `pilot-agent request` exec. */
export class PodSource extends LiveAdminSource {
  private used?: 'port-forward' | 'exec'
  /** requests made together (check's five) share one port-forward WebSocket */
  private readonly forwarder: PortForwarder

  constructor(
    private readonly api: KubeApi,
    readonly pod: PodRef,
    private readonly port: number,
    private readonly transport: Transport,
    private readonly note: (message: string) => void,
  ) {
    super()
    this.forwarder = new PortForwarder(api, pod, port)
  }

  get label(): string {
    return `pod ${this.pod.name}.${this.pod.namespace}`
  }

  protected async request(method: Method, path: string): Promise<InputText> {
    const mode = this.used ?? this.transport
    if (mode !== 'auto') return this.via(mode, method, path)
    try {
      const text = await this.via('port-forward', method, path)
      this.note(`auto transport: used port-forward`)
      return text
    } catch (err) {
      if (!(err instanceof MeshscopeError) || !['FORBIDDEN', 'ADMIN_UNREACHABLE', 'API_UNREACHABLE'].includes(err.code)) throw err
      this.note(`auto transport: port-forward failed (${err.message}); trying exec`)
      try {
        const text = await this.via('exec', method, path)
        this.note(`auto transport: used exec (pilot-agent request)`)
        return text
      } catch (second) {
        throw bothFailed(err, second, this.pod)
      }
    }
  }

  private async via(mode: 'port-forward' | 'exec', method: Method, path: string): Promise<InputText> {
    this.note(`${method} /${path} via ${mode}`)
    const label = `${this.label} (${mode})`
    if (mode === 'port-forward') {
      const response = await this.forwarder.request(method, path)
      this.used = 'port-forward'
      return adminInput(response, path, label)
    }
    const command = ['pilot-agent', 'request', method, path]
    if (this.port !== 15000) command.push('--debug-port', String(this.port))
    const result = await execInPod(this.api, this.pod, command)
    const body = pilotAgentBody(result, this.pod, path)
    this.used = 'exec'
    return bytesInput(label, body)
  }
}

/** When auto tried both transports: name both missing permissions when RBAC denied both. */
function bothFailed(first: MeshscopeError, second: unknown, pod: PodRef): unknown {
  if (second instanceof MeshscopeError && first.code === 'FORBIDDEN' && second.code === 'FORBIDDEN') {
    return new MeshscopeError(
      'FORBIDDEN',
      `RBAC forbids both transports in namespace ${pod.namespace}: you need "get" and "create" on pods/portforward (or on pods/exec)`,
      [...first.suggestions.filter((s) => s.startsWith('Check')), ...second.suggestions.filter((s) => s.startsWith('Check'))],
    )
  }
  return second
}

/** The body of a 200 answer, read from its pieces where it came in pieces; any other status: see adminBody. */
function adminInput(response: AdminResponse, path: string, label: string): InputText {
  if (response.status === 200 && response.pieces) return piecesInput(label, response.pieces)
  return bytesInput(label, adminBody(response, path, label))
}

/** The body of a 200 answer; any other status is the admin API's error, with the start of its body. */
export function adminBody(response: AdminResponse, path: string, label: string): Buffer {
  if (response.status === 200) return response.body
  const excerpt = response.body.toString('utf8').trim().split('\n')[0]?.slice(0, 200) ?? ''
  throw new MeshscopeError('ADMIN_ERROR', `Envoy's admin API (${label}) answered ${response.status} to /${path}${excerpt ? `: ${excerpt}` : ''}`, [
    response.status === 404 ? 'This Envoy does not serve that path; check its version (server_info)' : 'Retry; check the proxy logs: kubectl logs POD -c istio-proxy',
  ])
}

/** An Envoy admin API reached directly (a local Envoy, or a `kubectl port-forward` the user runs). */
export class AdminUrlSource extends LiveAdminSource {
  private readonly base: URL

  constructor(
    url: string,
    private readonly timeoutMs: number,
    private readonly note: (message: string) => void = () => {},
  ) {
    super()
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new MeshscopeError('USAGE', `--admin-url ${url} is not a URL`, ['Use --admin-url http://127.0.0.1:15000'])
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new MeshscopeError('USAGE', `--admin-url ${url} must be http:// or https://`, ['Use --admin-url http://127.0.0.1:15000'])
    }
    this.base = parsed
  }

  static open(url: string, options: LiveOptions): AdminUrlSource {
    return new AdminUrlSource(url, parseTimeout(options.timeout ?? DEFAULT_TIMEOUT), noteWriter(options))
  }

  get label(): string {
    return this.base.origin
  }

  protected async request(method: Method, path: string): Promise<InputText> {
    const url = new URL(path.replace(/^\//, ''), this.base.href.endsWith('/') ? this.base.href : `${this.base.href}/`)
    this.note(`${method} ${url.href}`)
    const response = await withDeadline(this.timeoutMs, `${method} ${url.href}`, async (signal) => {
      let res: Response
      try {
        res = await fetch(url, {method, signal})
      } catch (err) {
        if (signal.aborted) throw err
        const cause = messageOf((err as {cause?: unknown}).cause ?? err)
        throw new MeshscopeError('ADMIN_UNREACHABLE', `cannot reach the Envoy admin API at ${this.base.origin}: ${cause}`, [
          'Check that Envoy (or your kubectl port-forward) is listening there',
          `Start one: kubectl port-forward POD ${this.base.port || 15000}:15000`,
        ])
      }
      return {status: res.status, headers: {}, body: Buffer.from(await res.arrayBuffer())}
    })
    return adminInput(response, path, this.label)
  }
}


/** For commands that act on a live proxy (log, envoy-stats): a pod or --admin-url; a saved file cannot answer. */
export async function openAdminSource(where: ProxyLocator, options: LiveOptions, command: string): Promise<AdminSource> {
  if (where.kind === 'url') return AdminUrlSource.open(where.url, options)
  if (where.kind === 'pod') return openPodSource(where.target, options)
  throw new MeshscopeError('USAGE', `${command} talks to a live proxy: name a pod or pass --admin-url, not --file`, [
    `meshscope ${command} POD[.NAMESPACE]`,
    `meshscope ${command} --admin-url http://127.0.0.1:15000`,
  ])
}
