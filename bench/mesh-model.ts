/**
 * A seeded, plausible mesh: services with namespaces, cluster IPs, ports, versions (subsets), pods and
 * VirtualService-like routing. Same seed and size → same mesh, so dumps are reproducible byte for byte.
 */

import {prng} from '../test/helpers/prng.js'

export {prng}

export type Protocol = 'HTTP' | 'GRPC' | 'TCP'

export interface ServicePort {
  port: number
  /** Istio port name, e.g. `http-web`, `grpc`, `tcp-redis` */
  name: string
  protocol: Protocol
}

export interface Pod {
  ip: string
  version: string
  zone: string
}

/** A VirtualService-like rule set: a header match to one subset, a weighted split on a prefix, a default. */
export interface Routing {
  virtualService: string
  header: {name: string; value: string; subset: string}
  split: {prefix: string; weights: [subset: string, weight: number][]}
  defaultSubset: string
}

export interface Service {
  name: string
  namespace: string
  fqdn: string
  clusterIP: string
  serviceAccount: string
  ports: ServicePort[]
  /** DestinationRule subsets (versions); empty when the service has no DestinationRule */
  subsets: string[]
  pods: Pod[]
  routing?: Routing
  /** A ServiceEntry host resolved by DNS (no pods, no cluster IP) */
  external?: boolean
}

export interface Mesh {
  seed: number
  services: Service[]
  /** The service whose sidecar's config dump is generated */
  self: Service
  selfPod: Pod
}

const WORDS = [
  'cart', 'checkout', 'payment', 'catalog', 'search', 'user', 'auth', 'inventory', 'shipping', 'review',
  'rating', 'order', 'notification', 'email', 'recommend', 'profile', 'billing', 'pricing', 'ledger', 'media',
  'session', 'fraud', 'tax', 'invoice', 'loyalty', 'coupon', 'warehouse', 'tracking', 'audit', 'report',
]
const SUFFIXES = ['api', 'svc', 'worker', 'backend', 'frontend', 'gateway', 'store', 'cache', 'sync', 'reader']
const TEAMS = ['shop', 'platform', 'data', 'identity', 'growth', 'finance', 'logistics', 'content', 'ops', 'mobile']
const HTTP_PORTS: [number, string][] = [
  [80, 'http'], [80, 'http'], [80, 'http'], [8080, 'http-web'], [8080, 'http-web'], [9080, 'http'], [3000, 'http-app'],
  [5000, 'http'], [8000, 'http'],
]
const TCP_PORTS: [number, string][] = [
  [6379, 'tcp-redis'], [5432, 'tcp-postgres'], [3306, 'tcp-mysql'], [27017, 'mongo'], [9092, 'tcp-kafka'], [11211, 'tcp-memcache'],
]
const ZONES = ['us-east1-b', 'us-east1-c', 'us-east1-d']

/** Cluster IPs are unique (10.96.0.0/12); pod IPs are unique (10.244.0.0/16 and up). */
function ip(base: [number, number], n: number): string {
  return `10.${base[0] + (n >>> 16)}.${(n >>> 8) & 255}.${n & 255}`
}

export function buildMesh(count: number, seed = 1): Mesh {
  const rnd = prng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
  const namespaces = Math.max(1, Math.round(count / 25))
  const used = new Set<string>()
  const services: Service[] = []
  let podN = 10
  for (let i = 0; i < count; i++) {
    const namespace = `${pick(TEAMS)}-${i % namespaces}`
    let name = `${pick(WORDS)}-${pick(SUFFIXES)}`
    for (let n = 2; used.has(`${name}.${namespace}`); n++) name = `${name.replace(/-\d+$/, '')}-${n}`
    used.add(`${name}.${namespace}`)
    const external = i > 0 && rnd() < 0.02
    if (external) {
      services.push({
        name,
        namespace,
        fqdn: `${name}.${namespace}.example.com`,
        clusterIP: '',
        serviceAccount: '',
        ports: [{port: 443, name: 'https', protocol: 'TCP'}],
        subsets: [],
        pods: [],
        external: true,
      })
      continue
    }
    const tcp = rnd() < 0.18
    const [port, portName] = tcp ? pick(TCP_PORTS) : pick(HTTP_PORTS)
    const ports: ServicePort[] = [{port, name: portName, protocol: tcp ? 'TCP' : 'HTTP'}]
    if (!tcp && rnd() < 0.15) ports.push({port: 9090, name: 'grpc', protocol: 'GRPC'})
    const versioned = !tcp && rnd() < 0.3
    const subsets = versioned ? (rnd() < 0.5 ? ['v1', 'v2'] : ['v1', 'v2', 'v3']) : []
    const versions = versioned ? subsets : ['v1']
    const podCount = Math.max(versions.length, 2 + Math.floor(rnd() * 4))
    const pods: Pod[] = []
    for (let p = 0; p < podCount; p++) pods.push({ip: ip([244, 0], podN++), version: versions[p % versions.length], zone: pick(ZONES)})
    const fqdn = `${name}.${namespace}.svc.cluster.local`
    services.push({
      name,
      namespace,
      fqdn,
      clusterIP: ip([96, 0], i + 10),
      serviceAccount: name,
      ports,
      subsets,
      pods,
      routing: versioned
        ? {
            virtualService: name,
            header: {name: 'end-user', value: `tester-${i}`, subset: subsets[subsets.length - 1]},
            split: {prefix: '/api/v2', weights: [['v1', 90], ['v2', 10]]},
            defaultSubset: 'v1',
          }
        : undefined,
    })
  }
  // The proxy is the sidecar of the first service, which is never external
  const self = services[0]
  return {seed, services, self, selfPod: self.pods[0]}
}
