import {readFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import type {AdminAnswer} from './fake-envoy-admin.js'

export interface IstiodFiles {
  /** the /debug/syncz body (a SyncStatus array, either shape, or a CSDS answer) */
  syncz?: string
  /** proxyID → the /debug/config_dump?proxyID= body; other proxies get "not connected" */
  configDumps?: Record<string, string>
  /** /version body */
  version?: string
  /** path (with query) → file, for any other endpoint (/debug/registryz, /v1/listeners/…) */
  paths?: Record<string, string>
}

const NOT_CONNECTED = 'Proxy not connected to this Pilot instance. It may be connected to another instance.\n'

/** A fake istiod debug server (and Pilot v1 REST API) over real payload files; `status` injects a fault. */
export class FakeIstiod {
  readonly requests: string[] = []
  status?: number

  constructor(readonly files: IstiodFiles) {}

  handle(method: string, target: string): AdminAnswer {
    this.requests.push(`${method} ${target}`)
    if (this.status) return text(this.status, this.status === 403 ? 'RBAC: access denied\n' : 'injected istiod failure\n')
    const url = new URL(target.startsWith('/') ? target : `/${target}`, 'http://istiod')
    if (url.pathname === '/debug/syncz' && this.files.syncz) return json(readFileSync(this.files.syncz))
    if (url.pathname === '/version' && this.files.version) return text(200, `${this.files.version}\n`)
    if (url.pathname === '/debug/config_dump') {
      const file = this.files.configDumps?.[url.searchParams.get('proxyID') ?? '']
      return file ? json(readFileSync(file)) : text(404, NOT_CONNECTED)
    }
    const file = this.files.paths?.[decodeURIComponent(`${url.pathname}${url.search}`)]
    if (file) return json(readFileSync(file))
    return text(404, '404 page not found\n')
  }

  /** A real loopback HTTP server over this istiod, for --istiod-url. */
  async listen(): Promise<{url: string; server: Server}> {
    const server = createServer((req, res) => {
      const answer = this.handle(req.method ?? 'GET', req.url ?? '/')
      res.writeHead(answer.status, {'content-type': answer.contentType, 'content-length': answer.body.length})
      res.end(answer.body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server}
  }
}

const text = (status: number, body: string): AdminAnswer => ({status, contentType: 'text/plain', body: Buffer.from(body)})
const json = (body: Buffer): AdminAnswer => ({status: 200, contentType: 'application/json', body})
