import {MeshscopeError} from '../cli/errors.js'
import {parseJson} from '../envoy/parse-document.js'
import {type Istiod, istiodBody} from './istiod.js'
import type {V1Cluster, V1Host, V1Listener, V1RouteConfig, V1Snapshot} from './v1-types.js'

/**
 * A client of Pilot 0.x's v1 REST discovery API (istioctl-reference.md §4.3): LDS, RDS, CDS and SDS over
 * plain GETs. Every answer keeps its body as served (`pilot lds -o json` prints it byte for byte) next to
 * the parsed document.
 */

/** Pilot's v1 REST port that never asks for mTLS (15003: mTLS-or-plain, 15005: always mTLS); §4.2. */
export const PILOT_V1_PORT = 15007
/** Envoy's --service-cluster under Istio (model.ServiceClusterName). */
export const SERVICE_CLUSTER = 'istio-proxy'

export const PROXY_TYPES = ['sidecar', 'ingress', 'router'] as const

/** Envoy's --service-node as Pilot 0.x built it: `<type>~<ip>~<pod>.<ns>~<ns>.svc.cluster.local`. */
export function serviceNode(p: {type?: string; ip: string; pod: string; namespace: string}): string {
  return [p.type ?? 'sidecar', p.ip, `${p.pod}.${p.namespace}`, `${p.namespace}.svc.cluster.local`].join('~')
}

/** Pilot's ParseServiceNode rule: four `~`-separated parts. */
export function checkServiceNode(node: string): void {
  if (node.split('~').length !== 4) {
    throw new MeshscopeError('USAGE', `--node ${node} is not a service node: expected TYPE~IP~POD.NAMESPACE~NAMESPACE.svc.cluster.local`, [
      'e.g. --node sidecar~10.1.1.0~v0.default~default.svc.cluster.local, or name the pod instead',
    ])
  }
}

const seg = (s: string) => encodeURIComponent(s)

/** The v1 routes (go-restful paths of pilot/pkg/proxy/envoy/v1/discovery.go). */
export const v1Path = {
  listeners: (cluster: string, node: string) => `/v1/listeners/${seg(cluster)}/${seg(node)}`,
  clusters: (cluster: string, node: string) => `/v1/clusters/${seg(cluster)}/${seg(node)}`,
  routes: (name: string, cluster: string, node: string) => `/v1/routes/${seg(name)}/${seg(cluster)}/${seg(node)}`,
  registration: (key?: string) => (key === undefined ? '/v1/registration' : `/v1/registration/${seg(key)}`),
}

export interface V1Answer<T> {
  istiod: string
  path: string
  /** the body exactly as Pilot served it */
  body: string
  doc: T
}

/** GETs a v1 path and parses the JSON; Pilot's 404 and 503 become errors that say what they mean. */
export async function getV1<T>(istiod: Istiod, path: string): Promise<V1Answer<T>> {
  const answer = await istiod.get(path)
  if (answer.status === 404) {
    throw new MeshscopeError('ADMIN_ERROR', `${istiod.name} does not serve ${path} (404: ${answer.body.trim().slice(0, 80) || 'no body'})`, [
      'The v1 REST API exists only in Pilot 0.x (removed in June 2018): point --istiod-url or --pilot-port at such a Pilot (port 15007, or 8080)',
      'For istiod, ask its debug server instead: meshscope pilot debug config_dump?proxyID=POD.NAMESPACE',
    ])
  }
  if (answer.status === 503) {
    throw new MeshscopeError('ADMIN_ERROR', `Pilot ${istiod.name} answered 503 to ${path}: its service registry failed (${answer.body.trim().slice(0, 200)})`, [
      'Check the Pilot logs (kubectl logs -n istio-system -l istio=pilot -c discovery) and retry',
    ])
  }
  const body = istiodBody(istiod, path, answer)
  const doc = parseJson({text: body, label: `Pilot ${istiod.name}'s answer to ${path}`}, 'Is this Pilot? Check --istiod-url / --pilot-port, and the Pilot logs', 'ADMIN_ERROR')
  return {istiod: istiod.name, path, body, doc: doc as T}
}

export const fetchLds = (istiod: Istiod, cluster: string, node: string) => getV1<{listeners: V1Listener[]}>(istiod, v1Path.listeners(cluster, node))
export const fetchCds = (istiod: Istiod, cluster: string, node: string) => getV1<{clusters: V1Cluster[]}>(istiod, v1Path.clusters(cluster, node))
export const fetchRds = (istiod: Istiod, name: string, cluster: string, node: string) => getV1<V1RouteConfig>(istiod, v1Path.routes(name, cluster, node))
export const fetchSds = (istiod: Istiod, key: string) => getV1<{hosts: V1Host[] | null}>(istiod, v1Path.registration(key))
export const fetchAllSds = (istiod: Istiod) => getV1<{'service-key': string; hosts: V1Host[] | null}[] | null>(istiod, v1Path.registration())

/** The route config names a proxy's LDS answer refers to (`http_connection_manager` with `rds`), in order. */
export function rdsNames(listeners: readonly V1Listener[]): string[] {
  const names = new Set<string>()
  for (const l of listeners) {
    for (const f of l.filters ?? []) {
      const name = (f.config?.rds as {route_config_name?: unknown} | undefined)?.route_config_name
      if (typeof name === 'string') names.add(name)
    }
  }
  return [...names]
}

/**
 * Everything the v1 API says about one proxy, fetched as Envoy v1 did: LDS, then the RDS configs its
 * listeners name, CDS, then SDS for each `sds` cluster's service_name.
 */
export async function v1Snapshot(istiod: Istiod, serviceCluster: string, node: string): Promise<V1Snapshot> {
  const lds = await fetchLds(istiod, serviceCluster, node)
  const listeners = lds.doc.listeners ?? []
  const routes: Record<string, V1RouteConfig> = {}
  for (const name of rdsNames(listeners)) routes[name] = (await fetchRds(istiod, name, serviceCluster, node)).doc
  const clusters = (await fetchCds(istiod, serviceCluster, node)).doc.clusters ?? []
  const registrations: Record<string, V1Host[]> = {}
  for (const c of clusters) {
    if (c.type !== 'sds') continue
    const key = c.service_name ?? c.name
    if (!(key in registrations)) registrations[key] = (await fetchSds(istiod, key)).doc.hosts ?? []
  }
  return {node, serviceCluster, listeners, routes, clusters, registrations}
}
