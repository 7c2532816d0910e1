import {PassThrough, Writable} from 'node:stream'
import {MeshscopeError} from '../cli/errors.js'
import type {KubeApi} from './api.js'
import {withDeadline} from './deadline.js'
import {kubeError} from './errors.js'
import {type AdminResponse, formatRequest, ResponseReader} from './http1.js'
import type {PodRef} from './pods.js'
import {ownedSockets} from './sockets.js'

/**
 * One HTTP/1.1 request to a pod port over a client-node PortForward WebSocket, in process: the request is
 * written into the data channel and the response read back from it; no local listener is opened.
 */
export async function portForwardRequest(api: KubeApi, pod: PodRef, port: number, method: 'GET' | 'POST', path: string): Promise<AdminResponse> {
  const call = api.call(['get', 'create'], 'pods/portforward', pod.namespace, `pod ${pod.name}`, pod.name)
  const what = `${method} /${path} on port ${port} of pod ${pod.name} (port-forward)`
  const sockets = ownedSockets(api)
  try {
    return await withDeadline(api.timeoutMs, what, async (signal) => {
      const reader = new ResponseReader()
      let errorText = ''
      let settle: {resolve: (r: AdminResponse) => void; reject: (e: Error) => void} | undefined
      const finished = new Promise<AdminResponse>((resolve, reject) => {
        settle = {resolve, reject}
      })
      const output = new Writable({
        write(chunk: Buffer, _enc, done) {
          try {
            if (reader.push(chunk)) settle!.resolve(reader.response())
          } catch (err) {
            settle!.reject(new MeshscopeError('ADMIN_ERROR', `the answer from port ${port} of pod ${pod.name} is not HTTP: ${(err as Error).message}`, [
              `Is --proxy-admin-port ${port} Envoy's admin port? Check: kubectl get pod ${pod.name} -n ${pod.namespace} -o yaml | grep -i admin`,
            ]))
          }
          done()
        },
      })
      const errors = new Writable({
        write(chunk: Buffer, _enc, done) {
          errorText += chunk.toString('utf8')
          done()
        },
      })
      // stdin of the forwarded connection: never ended, since client-node closes the socket on its end
      const input = new PassThrough()
      const forward = new api.k8s.PortForward(api.ctx.kc, true, sockets.handler)
      const ws = await forward.portForward(pod.namespace, pod.name, [port], output, errors, input)
      if (signal.aborted || typeof ws === 'function') throw new Error('aborted')
      ws.once('close', () => {
        if (reader.done || reader.end()) settle!.resolve(reader.response())
        else settle!.reject(streamFailure(pod, port, reader, errorText))
      })
      input.write(formatRequest(method, path))
      return finished
    })
  } catch (err) {
    throw kubeError(err, call)
  } finally {
    sockets.close()
  }
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
