import {createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import type {AddressInfo, Socket} from 'node:net'
import {setTimeout as sleep} from 'node:timers/promises'
import {type WebSocket, WebSocketServer} from 'ws'
import type {AdminAnswer} from './fake-envoy-admin.js'

/** What answers HTTP inside a fake pod: a FakeEnvoyAdmin, or a FakeIstiod. */
export interface PodServer {
  handle(method: string, target: string): AdminAnswer
}

/**
 * A fake Kubernetes API server on 127.0.0.1 that speaks what client-node 1.4 and kubectl 1.32 send:
 * discovery, pods (get, list by label), workloads, services, bearer tokens, and the two streaming
 * protocols — port-forward over WebSocket `v4.channel.k8s.io` and exec over `v5.channel.k8s.io` — in
 * front of a FakeEnvoyAdmin per pod. Faults are switched per test through `faults`.
 * Protocol facts: /work/shared/docs/node-stack.md §3 (kubelet portforward/websocket.go, wsstream/conn.go).
 */

export interface FakePod {
  name: string
  namespace: string
  labels?: Record<string, string>
  phase?: string
  ready?: boolean
  /** container names; default ['app', 'istio-proxy'] */
  containers?: string[]
  /** istio-proxy as a native sidecar (an init container with restartPolicy Always) */
  nativeSidecar?: boolean
  admin?: PodServer
  adminPort?: number
  createdAt?: string
  annotations?: Record<string, string>
  /** delay before this pod's port-forward or exec stream opens (a slow pod) */
  delayMs?: number
}

export interface FakeWorkload {
  kind: 'deployment' | 'statefulset' | 'daemonset' | 'replicaset'
  name: string
  namespace: string
  matchLabels: Record<string, string>
}

export interface Faults {
  /** answer requests whose path matches with this HTTP status (a Status object) */
  status?: {code: number; match?: RegExp}
  /** RBAC: deny these resources (`pods`, `pods/portforward`, `pods/exec`, `deployments`) */
  forbid?: string[]
  /** delay answers to requests whose path matches (all when no match) */
  slow?: {ms: number; match?: RegExp}
  /** streams: send half the body, then cut the connection */
  dropMidBody?: boolean
  /** streams: send half the body, then end the stream cleanly */
  truncateBody?: boolean
  /** nothing listens on the admin port */
  adminRefused?: boolean
  /** the admin API answers this status to everything */
  adminStatus?: number
}

export interface StartOptions {
  tls?: {key: string; cert: string}
  token?: string
  /** accept requests without a token (kubectl sends none over http://) */
  anonymous?: boolean
}

const FRAME = 16 * 1024
const USER = 'system:serviceaccount:default:meshscope-test'

export class FakeKubeApi {
  pods: FakePod[] = []
  workloads: FakeWorkload[] = []
  services: {name: string; namespace: string; selector: Record<string, string>; port: number}[] = []
  faults: Faults = {}
  /** `METHOD path` of every request, upgrades included */
  readonly log: string[] = []
  /** when the first request of the current test arrived (ms since epoch) */
  firstRequestAt?: number
  readonly token: string
  url = ''

  private server!: Server
  private readonly sockets = new Set<Socket>()
  private readonly wss = new WebSocketServer({noServer: true, handleProtocols: (offered, req) => pickProtocol(offered, req)})

  private constructor(private readonly opts: StartOptions) {
    this.token = opts.token ?? 'meshscope-test-token'
  }

  static async start(opts: StartOptions = {}): Promise<FakeKubeApi> {
    const api = new FakeKubeApi(opts)
    const handler = (req: IncomingMessage, res: ServerResponse) => void api.onRequest(req, res)
    api.server = opts.tls ? createHttpsServer({key: opts.tls.key, cert: opts.tls.cert}, handler) : createHttpServer(handler)
    api.server.on(opts.tls ? 'secureConnection' : 'connection', (s: Socket) => {
      api.sockets.add(s)
      s.on('close', () => api.sockets.delete(s))
    })
    api.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => void api.onUpgrade(req, socket, head))
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve))
    api.url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(api.server.address() as AddressInfo).port}`
    return api
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate()
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** Clears faults and the request log between tests. */
  reset(): void {
    this.faults = {}
    this.log.length = 0
    this.firstRequestAt = undefined
  }

  // ---- plain requests --------------------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x')
    this.log.push(`${req.method} ${url.pathname}${url.search}`)
    this.firstRequestAt ??= Date.now()
    const refusal = await this.gate(req, url)
    if (refusal) return sendStatus(res, refusal.code, refusal.message)
    const found = this.route(url)
    if (found === undefined) return sendStatus(res, 404, `the server could not find the requested resource`)
    if ('status' in found) return sendStatus(res, found.status, found.message)
    res.writeHead(200, {'content-type': 'application/json'})
    res.end(JSON.stringify(found.body))
  }

  /** Delay, authentication, injected status and RBAC, common to requests and upgrades. */
  private async gate(req: IncomingMessage, url: URL): Promise<{code: number; message: string} | undefined> {
    const slow = this.faults.slow
    if (slow && (!slow.match || slow.match.test(url.pathname))) await sleep(slow.ms)
    if (!this.opts.anonymous && req.headers.authorization !== `Bearer ${this.token}`) return {code: 401, message: 'Unauthorized'}
    const status = this.faults.status
    if (status && (!status.match || status.match.test(url.pathname))) return {code: status.code, message: `injected fault ${status.code}`}
    const rbac = rbacOf(req.method ?? 'GET', url.pathname)
    if (rbac && (this.faults.forbid ?? []).includes(rbac.resource)) {
      const what = rbac.name ? `${rbac.resource.split('/')[0]} "${rbac.name}" is forbidden` : `${rbac.resource} is forbidden`
      return {code: 403, message: `${what}: User "${USER}" cannot ${rbac.verb} resource "${rbac.resource}" in API group "${rbac.group}" in the namespace "${rbac.namespace}"`}
    }
    return undefined
  }

  private route(url: URL): {body: unknown} | {status: number; message: string} | undefined {
    const p = url.pathname
    if (p === '/api') return {body: {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1'}]}}
    if (p === '/apis') return {body: {kind: 'APIGroupList', apiVersion: 'v1', groups: [appsGroup]}}
    if (p === '/api/v1') return {body: coreResources}
    if (p === '/apis/apps/v1') return {body: appsResources}
    const selector = url.searchParams.get('labelSelector') ?? ''
    if (p === '/api/v1/pods') return {body: podList(this.pods.filter((pod) => matches(pod.labels, selector)))}
    let m = /^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+))?$/.exec(p)
    if (m) {
      const [, ns, name] = m
      if (!name) return {body: podList(this.pods.filter((pod) => pod.namespace === ns && matches(pod.labels, selector)))}
      const pod = this.pods.find((x) => x.namespace === ns && x.name === name)
      return pod ? {body: podJson(pod)} : {status: 404, message: `pods "${name}" not found`}
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/services(?:\/([^/]+))?$/.exec(p)
    if (m) {
      const [, ns, name] = m
      const items = this.services.filter((s) => s.namespace === ns && (!name || s.name === name)).map(serviceJson)
      if (name) return items[0] ? {body: items[0]} : {status: 404, message: `services "${name}" not found`}
      return {body: {kind: 'ServiceList', apiVersion: 'v1', metadata: {resourceVersion: '1'}, items}}
    }
    m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|statefulsets|daemonsets|replicasets)\/([^/]+)$/.exec(p)
    if (m) {
      const [, ns, plural, name] = m
      const w = this.workloads.find((x) => x.namespace === ns && `${x.kind}s` === plural && x.name === name)
      return w ? {body: workloadJson(w)} : {status: 404, message: `${plural}.apps "${name}" not found`}
    }
    return undefined
  }

  // ---- streams ---------------------------------------------------------------------------------------

  private async onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x')
    this.log.push(`UPGRADE ${req.method} ${url.pathname}${url.search}`)
    this.firstRequestAt ??= Date.now()
    socket.on('error', () => {})
    const refusal = await this.gate(req, url)
    if (refusal) return refuseUpgrade(socket, refusal.code, refusal.message)
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(portforward|exec)$/.exec(url.pathname)
    const pod = m && this.pods.find((x) => x.namespace === m[1] && x.name === m[2])
    if (!m || !pod) return refuseUpgrade(socket, 404, m ? `pods "${m[2]}" not found` : 'the server could not find the requested resource')
    if (pod.delayMs) await sleep(pod.delayMs)
    if (m[3] === 'exec') {
      const container = url.searchParams.get('container') ?? ''
      if (!containersOf(pod).includes(container)) return refuseUpgrade(socket, 400, `container ${container} is not valid for pod ${pod.name}`)
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (m[3] === 'portforward') this.portForward(ws, pod, url.searchParams.getAll('ports').flatMap((p) => p.split(',')).map(Number))
      else void this.exec(ws, pod, url.searchParams.getAll('command'))
    })
  }

  /**
   * v4.channel.k8s.io: each entry of `?ports=` (repeated or comma-separated) gets a channel pair, data 2·i and
   * error 2·i+1, each opened with the port as uint16 little-endian, and its own connection to the pod: here,
   * one request to the fake admin. The WebSocket closes when every pair is done, as the kubelet's does.
   */
  private portForward(ws: WebSocket, pod: FakePod, ports: number[]): void {
    const pending = new Set(ports.keys())
    const finished = (i: number) => {
      pending.delete(i)
      if (pending.size === 0) ws.close(1000)
    }
    const requests = ports.map(() => Buffer.alloc(0))
    const answered = new Set<number>()
    ports.forEach((port, i) => {
      const portBytes = Buffer.alloc(2)
      portBytes.writeUInt16LE(port)
      ws.send(Buffer.concat([Buffer.from([2 * i]), portBytes]))
      ws.send(Buffer.concat([Buffer.from([2 * i + 1]), portBytes]))
    })
    ws.on('message', (data: Buffer) => {
      const i = data[0] / 2
      if (!pending.has(i) || answered.has(i) || data.length < 2) return
      requests[i] = Buffer.concat([requests[i], data.subarray(1)])
      const end = requests[i].indexOf('\r\n\r\n')
      if (end < 0) return
      answered.add(i)
      const port = ports[i]
      const [method, target] = requests[i].subarray(0, end).toString('latin1').split(' ')
      if (this.faults.adminRefused || !pod.admin || port !== (pod.adminPort ?? 15000)) {
        const reason = `error forwarding port ${port} to pod ${pod.name}-uid, uid : failed to execute portforward in network namespace "/var/run/netns/cni-1": failed to connect to localhost:${port} inside namespace "${pod.name}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
        ws.send(Buffer.concat([Buffer.from([2 * i + 1]), Buffer.from(reason)]), () => finished(i))
        return
      }
      const answer = this.answer(pod, method, target)
      void this.sendBody(ws, 2 * i, httpResponse(answer), answer.body.length).then((complete) => complete && finished(i))
    })
  }

  /** v5.channel.k8s.io exec of `pilot-agent request METHOD PATH [--debug-port N]`: stdout 1, stderr 2, status 3. */
  private async exec(ws: WebSocket, pod: FakePod, command: string[]): Promise<void> {
    ws.on('message', () => {}) // stdin and the [255, 0] close frame: nothing to do
    const fail = (stderr: string, code = 1) => {
      ws.send(Buffer.concat([Buffer.from([2]), Buffer.from(stderr)]))
      ws.send(Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify(failure(command, code)))]), () => ws.close(1000))
    }
    if (!['pilot-agent', 'pilot-discovery'].includes(command[0]) || command[1] !== 'request' || command.length < 4) {
      return fail(`exec: "${command[0]}": executable file not found in $PATH: unknown\n`, 126)
    }
    const [, , method, path] = command
    const portFlag = command.indexOf('--debug-port')
    const port = portFlag > 0 ? Number(command[portFlag + 1]) : command[0] === 'pilot-discovery' ? (pod.adminPort ?? 15014) : 15000
    if (this.faults.adminRefused || !pod.admin || port !== (pod.adminPort ?? 15000)) {
      return fail(`Error: ${method === 'GET' ? 'Get' : 'Post'} "http://localhost:${port}/${path}": dial tcp 127.0.0.1:${port}: connect: connection refused\n`)
    }
    const answer = this.answer(pod, method, path.startsWith('/') ? path : `/${path}`)
    if (answer.status !== 200) return fail(`Error: received unsuccessful status code ${answer.status}: ${answer.body.toString('utf8')}\n`)
    const complete = await this.sendBody(ws, 1, answer.body, answer.body.length)
    if (complete) ws.send(Buffer.concat([Buffer.from([3]), Buffer.from('{"metadata":{},"status":"Success"}')]), () => ws.close(1000))
  }

  private answer(pod: FakePod, method: string, target: string): AdminAnswer {
    const answer = pod.admin!.handle(method, target)
    if (this.faults.adminStatus) return {status: this.faults.adminStatus, contentType: 'text/plain', body: Buffer.from('injected admin failure\n')}
    return answer
  }

  /**
   * Sends bytes on a channel in 16 KiB frames. With dropMidBody/truncateBody it stops halfway through the
   * body (the last `bodyLength` bytes) and cuts or cleanly ends the stream; returns whether all was sent.
   */
  private async sendBody(ws: WebSocket, channel: number, bytes: Buffer, bodyLength: number): Promise<boolean> {
    const cut = this.faults.dropMidBody || this.faults.truncateBody ? bytes.length - Math.ceil(bodyLength / 2) : bytes.length
    for (let at = 0; at < cut; at += FRAME) {
      const frame = bytes.subarray(at, Math.min(at + FRAME, cut))
      await new Promise<void>((resolve) => ws.send(Buffer.concat([Buffer.from([channel]), frame]), () => resolve()))
    }
    if (cut === bytes.length) return true
    if (this.faults.dropMidBody) ws.terminate()
    else if (channel === 1) ws.send(Buffer.from([3, ...Buffer.from('{"metadata":{},"status":"Success"}')]), () => ws.close(1000))
    else ws.close(1000)
    return false
  }
}

// ---- helpers -------------------------------------------------------------------------------------------

/** The server picks the first protocol in the client's order that it supports (wsstream handshake). */
function pickProtocol(offered: Set<string>, req: IncomingMessage): string | false {
  const supported = /\/portforward/.test(req.url ?? '') ? ['v4.channel.k8s.io'] : ['v5.channel.k8s.io', 'v4.channel.k8s.io']
  return [...offered].find((p) => supported.includes(p)) ?? false
}

function rbacOf(method: string, path: string): {verb: string; resource: string; group: string; namespace: string; name?: string} | undefined {
  let m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(portforward|exec)$/.exec(path)
  if (m) return {verb: 'create', resource: `pods/${m[3]}`, group: '', namespace: m[1], name: m[2]}
  m = /^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+))?$/.exec(path)
  if (m) return {verb: m[2] ? 'get' : 'list', resource: 'pods', group: '', namespace: m[1], name: m[2]}
  m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/([a-z]+)\/([^/]+)$/.exec(path)
  if (m) return {verb: method === 'GET' ? 'get' : 'update', resource: m[2], group: 'apps', namespace: m[1], name: m[3]}
  return undefined
}

function sendStatus(res: ServerResponse, code: number, message: string): void {
  res.writeHead(code, {'content-type': 'application/json'})
  res.end(JSON.stringify(statusJson(code, message)))
}

function refuseUpgrade(socket: Socket, code: number, message: string): void {
  const body = JSON.stringify(statusJson(code, message))
  socket.end(`HTTP/1.1 ${code} ${reasonOf(code)}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}

const REASONS: Record<number, string> = {200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable'}
const reasonOf = (code: number) => REASONS[code] ?? 'Error'

function statusJson(code: number, message: string) {
  const reason = {400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 500: 'InternalError'}[code] ?? 'Unknown'
  return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code}
}

function failure(command: string[], code: number) {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: {causes: [{reason: 'ExitCode', message: String(code)}]},
  }
}

/** Envoy's admin answer as HTTP/1.1 bytes: chunked above 32 KiB (as a streamed handler), else Content-Length. */
function httpResponse(a: AdminAnswer): Buffer {
  const chunked = a.body.length > 32 * 1024
  const headers = [`HTTP/1.1 ${a.status} ${reasonOf(a.status)}`, `content-type: ${a.contentType}`, 'cache-control: no-cache, max-age=0', 'x-content-type-options: nosniff', 'date: Tue, 25 Nov 2026 10:00:00 GMT', 'server: envoy']
  if (!chunked) return Buffer.concat([Buffer.from(`${[...headers, `content-length: ${a.body.length}`].join('\r\n')}\r\n\r\n`), a.body])
  const parts: Buffer[] = [Buffer.from(`${[...headers, 'transfer-encoding: chunked'].join('\r\n')}\r\n\r\n`)]
  for (let at = 0; at < a.body.length; at += 8192) {
    const piece = a.body.subarray(at, at + 8192)
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from('0\r\n\r\n'))
  return Buffer.concat(parts)
}

/** Equality-based label selectors (`a=b,c==d,e!=f`), which is what workloads' matchLabels produce. */
function matches(labels: Record<string, string> | undefined, selector: string): boolean {
  return selector
    .split(',')
    .filter(Boolean)
    .every((term) => {
      const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(term.trim())
      if (!m) return false
      const value = labels?.[m[1]]
      return m[2] === '!=' ? value !== m[3] : value === m[3]
    })
}

const containersOf = (pod: FakePod) => pod.containers ?? ['app', 'istio-proxy']

function podJson(pod: FakePod) {
  const names = containersOf(pod)
  const sidecar: string[] = pod.nativeSidecar ? names.filter((n) => n === 'istio-proxy') : []
  const main = names.filter((n) => !sidecar.includes(n))
  const container = (name: string) => ({name, image: name === 'istio-proxy' ? 'docker.io/istio/proxyv2:1.24.0' : `example/${name}:1`})
  const ready = pod.ready ?? true
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: pod.name,
      namespace: pod.namespace,
      uid: `${pod.name}-uid`,
      labels: pod.labels ?? {},
      ...(pod.annotations ? {annotations: pod.annotations} : {}),
      creationTimestamp: pod.createdAt ?? '2026-11-25T10:00:00Z',
    },
    spec: {
      containers: main.map(container),
      ...(sidecar.length > 0 ? {initContainers: sidecar.map((n) => ({...container(n), restartPolicy: 'Always'}))} : {}),
    },
    status: {
      phase: pod.phase ?? 'Running',
      podIP: '10.244.0.7',
      conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}],
      containerStatuses: main.map((name) => ({name, ready, restartCount: 0, image: container(name).image, imageID: '', started: true})),
    },
  }
}

const podList = (pods: FakePod[]) => ({kind: 'PodList', apiVersion: 'v1', metadata: {resourceVersion: '1'}, items: pods.map(podJson)})

function workloadJson(w: FakeWorkload) {
  const kind = {deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet', replicaset: 'ReplicaSet'}[w.kind]
  return {
    kind,
    apiVersion: 'apps/v1',
    metadata: {name: w.name, namespace: w.namespace, uid: `${w.name}-uid`},
    spec: {selector: {matchLabels: w.matchLabels}, template: {metadata: {labels: w.matchLabels}, spec: {containers: [{name: 'app', image: 'example/app:1'}]}}},
  }
}

function serviceJson(s: {name: string; namespace: string; selector: Record<string, string>; port: number}) {
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: {name: s.name, namespace: s.namespace},
    spec: {selector: s.selector, ports: [{name: 'http', port: s.port, protocol: 'TCP', targetPort: s.port}], clusterIP: '10.96.0.10', type: 'ClusterIP'},
  }
}

const resource = (name: string, kind: string, namespaced: boolean, verbs: string[]) => ({name, singularName: '', namespaced, kind, verbs})
const coreResources = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    resource('pods', 'Pod', true, ['get', 'list', 'watch']),
    resource('pods/exec', 'PodExecOptions', true, ['create', 'get']),
    resource('pods/portforward', 'PodPortForwardOptions', true, ['create', 'get']),
    resource('services', 'Service', true, ['get', 'list']),
    resource('namespaces', 'Namespace', false, ['get', 'list']),
  ],
}
const appsResources = {
  kind: 'APIResourceList',
  groupVersion: 'apps/v1',
  resources: [
    resource('deployments', 'Deployment', true, ['get', 'list']),
    resource('statefulsets', 'StatefulSet', true, ['get', 'list']),
    resource('daemonsets', 'DaemonSet', true, ['get', 'list']),
    resource('replicasets', 'ReplicaSet', true, ['get', 'list']),
  ],
}
const appsGroup = {name: 'apps', versions: [{groupVersion: 'apps/v1', version: 'v1'}], preferredVersion: {groupVersion: 'apps/v1', version: 'v1'}}
