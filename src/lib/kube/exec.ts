import {Writable} from 'node:stream'
import type {V1Status} from '@kubernetes/client-node'
import {MeshscopeError} from '../cli/errors.js'
import type {KubeApi} from './api.js'
import {withDeadline} from './deadline.js'
import {kubeError} from './errors.js'
import type {PodRef} from './pods.js'
import {ownedSockets} from './sockets.js'

export interface ExecResult {
  stdout: Buffer
  stderr: string
  status?: V1Status
}

/** Runs a command in the pod's proxy container through client-node Exec (WebSocket v5) and collects its output. */
export async function execInPod(api: KubeApi, pod: PodRef, command: string[]): Promise<ExecResult> {
  const call = api.call(['get', 'create'], 'pods/exec', pod.namespace, `pod ${pod.name}`, pod.name)
  const sockets = ownedSockets(api)
  try {
    return await withDeadline(api.timeoutMs, `"${command.join(' ')}" in pod ${pod.name} (exec)`, async (signal) => {
      const out: Buffer[] = []
      const err: Buffer[] = []
      const collect = (into: Buffer[]) =>
        new Writable({
          write(chunk: Buffer, _enc, done) {
            into.push(chunk)
            done()
          },
        })
      let status: V1Status | undefined
      const exec = new api.k8s.Exec(api.ctx.kc, sockets.handler)
      const ws = await exec.exec(pod.namespace, pod.name, pod.container, command, collect(out), collect(err), null, false, (s) => {
        status = s
      })
      if (signal.aborted) throw new Error('aborted')
      await new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) resolve()
        else ws.once('close', () => resolve())
      })
      return {stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), status}
    })
  } catch (err) {
    throw kubeError(err, call)
  } finally {
    sockets.close()
  }
}

/** Turns a finished `pilot-agent request` into its body, or the error its exit status and stderr describe. */
export function pilotAgentBody(result: ExecResult, pod: PodRef, path: string): Buffer {
  const where = `pod ${pod.name} in namespace ${pod.namespace}`
  if (!result.status) {
    throw new MeshscopeError('ADMIN_UNREACHABLE', `the exec stream to ${where} dropped before pilot-agent finished (${result.stdout.length} bytes received)`, [
      'Retry; if it keeps happening the pod may be restarting, or try --transport port-forward',
    ])
  }
  if (result.status.status === 'Success') return result.stdout
  const stderr = result.stderr.trim() || result.status.message || 'no message'
  if (/connection refused|connect: /i.test(stderr)) {
    throw new MeshscopeError('ADMIN_UNREACHABLE', `pilot-agent in ${where} cannot reach Envoy's admin API: ${stderr}`, [
      'Is the sidecar up? The istio-proxy container must be ready',
      'If Envoy admin listens on another port (proxyAdminPort), pass --proxy-admin-port PORT',
    ])
  }
  if (/executable file not found|no such file/i.test(stderr)) {
    throw new MeshscopeError('POD_NOT_READY', `container ${pod.container} in ${where} has no pilot-agent: ${stderr}`, [
      'Use --transport port-forward, or --container for the container that runs pilot-agent',
    ])
  }
  const code = /status code:? (\d{3})/i.exec(stderr)?.[1]
  throw new MeshscopeError('ADMIN_ERROR', `Envoy's admin API answered ${code ?? 'an error'} to /${path} (through pilot-agent in ${where}): ${stderr}`, [
    'Check the path and the Envoy version; run again with -v to see the request',
  ])
}
