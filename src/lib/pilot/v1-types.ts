/** The Envoy api-v1 shapes Pilot 0.x served over REST (the fields meshscope reads; see istioctl-reference.md §4.3). */
export interface V1Filter {
  type?: string
  name: string
  config?: Record<string, unknown>
}
export interface V1Listener {
  address: string
  name: string
  filters: V1Filter[]
  bind_to_port?: boolean
  use_original_dst?: boolean
}
export interface V1Cluster {
  name: string
  service_name?: string
  connect_timeout_ms?: number
  type: string
  lb_type?: string
  hosts?: {url: string}[]
}
export interface V1Route {
  prefix?: string
  path?: string
  cluster?: string
  weighted_clusters?: {clusters: {name: string; weight: number}[]}
  headers?: {name: string; value: string; regex?: boolean}[]
  prefix_rewrite?: string
  host_rewrite?: string
  timeout_ms?: number
}
export interface V1VirtualHost {
  name: string
  domains: string[]
  routes: V1Route[]
}
export interface V1RouteConfig {
  validate_clusters?: boolean
  virtual_hosts: V1VirtualHost[]
}
export interface V1Host {
  ip_address: string
  port: number
  tags?: Record<string, string>
}

/** What the v1 REST API says about one proxy: LDS, the RDS answers its listeners name, CDS, and SDS per service key. */
export interface V1Snapshot {
  node: string
  serviceCluster: string
  listeners: V1Listener[]
  routes: Record<string, V1RouteConfig>
  clusters: V1Cluster[]
  registrations: Record<string, V1Host[]>
}
