import {MeshscopeError} from '../cli/errors.js'
import type {KubeApi} from './api.js'
import {withDeadline} from './deadline.js'
import {kubeError} from './errors.js'
import {type AdminResponse, formatRequest, ResponseReader} from './http1.js'
import type {PodRef} from './pods.js'
import {ownedSockets} from './sockets.js'

type Method = 'GET' | 'POST'

/** One request in a port-forward WebSocket: its stream pair's reader and error text, and its promise. */
interface Stream {
  method: Method
  path: string
  reader: ResponseReader
  errorText: string
  /** the first frame of each channel of a pair carries the port number, not data */
  portRead: [boolean, boolean]
  /** answered, failed, or given up by its caller's deadline */
  settled: boolean
  /** called when the caller gives up (its deadline): the WebSocket closes once no request waits on it */
  release?: () => void
  resolve: (r: AdminResponse) => void
  reject: (e: Error) => void
}

/**
 * HTTP/1.1 requests to a pod port over port-forward WebSockets, in process: each request is written into
 * its own data channel and its response read back from it; no local listener is opened.
 *
 * Requests made in the same tick share one WebSocket: the v4 port-forward protocol gives each entry of
 * `?ports=` its own channel pair (data 2·i, error 2·i+1) and its own connection to the pod, so check's five
 * admin requests to a pod cost one handshake with the API server instead of five.
 */
export class PortForwarder {
  private queue: Stream[] = []

  constructor(
    private readonly api: KubeApi,
    private readonly pod: PodRef,
    private readonly port: number,
  ) {}

  request(method: Method, path: string): Promise<AdminResponse> {
    const what = `${method} /${path} on port ${this.port} of pod ${this.pod.name} (port-forward)`
    let stream: Stream | undefined
    const answered = new Promise<AdminResponse>((resolve, reject) => {
      stream = {method, path, reader: new ResponseReader(), errorText: '', portRead: [false, false], settled: false, resolve, reject}
    })
    const batch = this.queue
    batch.push(stream as Stream)
    if (batch.length === 1) queueMicrotask(() => this.flush())
    return withDeadline(this.api.timeoutMs, what, () => answered).catch((err: unknown) => {
      const s = stream as Stream
      s.settled = true
      s.release?.()
      throw err
    })
  }

  private flush(): void {
    const streams = this.queue
    this.queue = []
    void this.forward(streams)
  }

  private async forward(streams: Stream[]): Promise<void> {
    const {api, pod, port} = this
    const sockets = ownedSockets(api)
    // the WebSocket lives while a request waits: the last answer (or deadline) closes it
    const release = () => {
      if (streams.every((s) => s.settled)) sockets.close()
    }
    const settle = (s: Stream, outcome: AdminResponse | Error) => {
      if (!s.settled) {
        s.settled = true
        if (outcome instanceof Error) s.reject(outcome)
        else s.resolve(outcome)
      }
      release()
    }
    for (const s of streams) s.release = release
    try {
      const query = streams.map(() => `ports=${port}`).join('&')
      const ws = await sockets.handler.connect(`/api/v1/namespaces/${pod.namespace}/pods/${pod.name}/portforward?${query}`, null, (channel, data) => {
        const s = streams[channel >> 1]
        if (!s || s.settled) return true
        const error = channel % 2
        let bytes = data
        if (!s.portRead[error]) {
          s.portRead[error] = true
          bytes = bytes.subarray(2)
        }
        if (error) s.errorText += bytes.toString('utf8')
        else this.receive(s, bytes, settle)
        return true
      })
      ws.once('close', () => {
        for (const s of streams) settle(s, s.reader.done || s.reader.end() ? s.reader.response() : streamFailure(pod, port, s.reader, s.errorText))
      })
      for (const [i, s] of streams.entries()) ws.send(Buffer.concat([Buffer.of(2 * i), formatRequest(s.method, s.path)]))
    } catch (err) {
      const failure = kubeError(err, api.call(['get', 'create'], 'pods/portforward', pod.namespace, `pod ${pod.name}`, pod.name))
      for (const s of streams) settle(s, failure)
    }
  }

  private receive(s: Stream, bytes: Buffer, settle: (s: Stream, outcome: AdminResponse | Error) => void): void {
    try {
      if (s.reader.push(bytes)) settle(s, s.reader.response())
    } catch (err) {
      settle(
        s,
        new MeshscopeError('ADMIN_ERROR', `the answer from port ${this.port} of pod ${this.pod.name} is not HTTP: ${(err as Error).message}`, [
          `Is --proxy-admin-port ${this.port} Envoy's admin port? Check: kubectl get pod ${this.pod.name} -n ${this.pod.namespace} -o yaml | grep -i admin`,
        ]),
      )
    }
  }
}

/** One request over its own port-forward WebSocket. */
export function portForwardRequest(api: KubeApi, pod: PodRef, port: number, method: Method, path: string): Promise<AdminResponse> {
  return new PortForwarder(api, pod, port).request(method, path)
}

function streamFailure(pod: PodRef, port: number, reader: ResponseReader, errorText: string): MeshscopeError {
  const where = `port ${port} of pod ${pod.name} in namespace ${pod.namespace}`
  const {received, expected, headers} = reader.progress()
  if (!headers && /refused|failed to connect|error forwarding/i.test(errorText)) {
    return new MeshscopeError('ADMIN_UNREACHABLE', `nothing accepts connections on ${where}: ${errorText.trim()}`, [
      'Is the sidecar up? kubectl get pod ' + `${pod.name} -n ${pod.namespace}` + ' (the istio-proxy container must be ready)',
      'If Envoy admin listens on another port (proxyAdminPort), pass --proxy-admin-port PORT',
      'Or go through pilot-agent instead: --transport exec',
    ])
  }
  if (headers) {
    const of = expected !== undefined ? ` of ${expected}` : ''
    return new MeshscopeError('ADMIN_UNREACHABLE', `the port-forward stream to ${where} dropped mid-body (${received}${of} bytes received)`, [
      'Retry; if it keeps happening the pod may be restarting or the API server may cut long streams (try --transport exec)',
    ])
  }
  const detail = errorText.trim() ? `: ${errorText.trim()}` : ''
  return new MeshscopeError('ADMIN_UNREACHABLE', `the port-forward stream to ${where} closed before any answer${detail}`, [
    'Check that the pod is running and the admin port is right (--proxy-admin-port)',
    'Or go through pilot-agent instead: --transport exec',
  ])
}
