import {MeshscopeError, isMeshscopeError, messageOf} from '../cli/errors.js'
import {timeoutError} from './deadline.js'

/** What a Kubernetes API call was for, so that an error can name the RBAC verb and resource it lacked. */
export interface KubeCall {
  /** RBAC verbs and resource, e.g. ['get', 'create'] on 'pods/portforward' */
  verbs: string[]
  resource: string
  /** what a 404 means in words, e.g. "pod productpage-v1-x" */
  subject: string
  namespace: string
  name?: string
  /** the API server URL, for "cannot reach" messages */
  server: string
  context: string
  timeoutMs: number
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'])

/** Maps whatever client-node, node-fetch or ws threw to a MeshscopeError that names the cause and the fix. */
export function kubeError(err: unknown, call: KubeCall): MeshscopeError {
  if (isMeshscopeError(err)) return err
  const what = `${call.verbs[0]} ${call.resource}${call.name ? ` ${call.name}` : ''} in namespace ${call.namespace}`
  if (isAbort(err)) return timeoutError(call.timeoutMs, `the Kubernetes API request (${what})`)
  const status = httpStatusOf(err)
  if (status !== undefined) return statusError(status, apiMessage(err), call)
  const code = errnoOf(err)
  if (code && (NETWORK_CODES.has(code) || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code))) {
    const why = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code) ? `its TLS certificate is not trusted (${code})` : code
    return new MeshscopeError('API_UNREACHABLE', `cannot reach the Kubernetes API server ${call.server} (context ${call.context}): ${why}`, [
      'Check that the cluster is up and that this context points at it: kubectl cluster-info',
      'Use another cluster with --context, or another kubeconfig with --kubeconfig',
    ])
  }
  return new MeshscopeError('API_UNREACHABLE', `the Kubernetes API request (${what}) failed: ${messageOf(err)}`, [
    'Check the cluster with: kubectl cluster-info',
  ])
}

export function statusError(status: number, detail: string | undefined, call: KubeCall): MeshscopeError {
  const suffix = detail ? `: ${detail}` : ''
  const ns = call.namespace
  if (status === 401) {
    return new MeshscopeError('UNAUTHORIZED', `the Kubernetes API server rejected the credentials of context ${call.context} (401 Unauthorized)${suffix}`, [
      'Log in again or refresh the token (for cloud clusters, re-run the provider login, e.g. gcloud/aws/az)',
      'Check which user the context uses: kubectl config view --minify',
    ])
  }
  if (status === 403) {
    const verbs = call.verbs.map((v) => `"${v}"`).join(' and ')
    return new MeshscopeError('FORBIDDEN', `RBAC forbids this: you need ${verbs} on ${call.resource} in namespace ${ns}${suffix}`, [
      ...call.verbs.map((v) => `Check: kubectl auth can-i ${v} ${call.resource} -n ${ns}`),
      `Ask for a Role granting verbs [${call.verbs.join(', ')}] on resource ${call.resource}${alternative(call.resource)}`,
    ])
  }
  if (status === 404) {
    return new MeshscopeError('POD_NOT_FOUND', `${call.subject} not found in namespace ${ns}`, [
      `List them: kubectl get ${call.resource.split('/')[0].split('.')[0]} -n ${ns}`,
      'Name another namespace with NAME.NAMESPACE or -n NAMESPACE',
    ])
  }
  return new MeshscopeError('API_UNREACHABLE', `the Kubernetes API server answered ${status} to ${call.verbs[0]} ${call.resource}${suffix}`, [
    'The API server or an aggregated API is unhealthy; retry, or check: kubectl get --raw /readyz?verbose',
  ])
}

function alternative(resource: string): string {
  if (resource === 'pods/portforward') return ', or use --transport exec (needs pods/exec)'
  if (resource === 'pods/exec') return ', or use --transport port-forward (needs pods/portforward)'
  return ''
}

function isAbort(err: unknown): boolean {
  const name = (err as Error | undefined)?.name
  return name === 'AbortError' || name === 'TimeoutError'
}

/** The HTTP status of an ApiException (`code`) or of a refused WebSocket upgrade ("Unexpected server response: 403"). */
function httpStatusOf(err: unknown): number | undefined {
  const e = err as {code?: unknown; message?: unknown; constructor?: {name?: string}}
  if (typeof e?.code === 'number' && e.code >= 100 && e.code < 600) return e.code
  const m = /Unexpected server response: (\d{3})/.exec(String(e?.message ?? ''))
  return m ? Number(m[1]) : undefined
}

/** The `message` of the Kubernetes Status object in an ApiException body, when there is one. */
function apiMessage(err: unknown): string | undefined {
  const body = (err as {body?: unknown}).body
  if (body === undefined || body === null) return undefined
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body
    const message = (parsed as {message?: unknown}).message
    return typeof message === 'string' ? message : undefined
  } catch {
    return typeof body === 'string' && body.length < 300 ? body.trim() : undefined
  }
}

function errnoOf(err: unknown): string | undefined {
  for (let e = err as {code?: unknown; errno?: unknown; cause?: unknown} | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code
    if (typeof e.errno === 'string') return e.errno
  }
  return undefined
}
