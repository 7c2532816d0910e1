/**
 * Envoy v3 resources as an Istio (1.2x) sidecar receives them, in Envoy's own /config_dump spelling
 * (snake_case). Modelled on the real dumps in test/fixtures/istio (the 2023 authz listeners dump, the
 * waypoint dump, the bookinfo dumps, the EDS and secret dumps); the bench test checks the result against them.
 */
import type {Mesh, Pod, Service, ServicePort} from './mesh-model.js'

type Json = Record<string, unknown>

const T = 'type.googleapis.com/'
const ADS = {ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3'}
const SDS_SOURCE = {
  api_config_source: {
    api_type: 'GRPC',
    grpc_services: [{envoy_grpc: {cluster_name: 'sds-grpc'}}],
    set_node_on_first_message_only: true,
    transport_api_version: 'V3',
  },
  initial_fetch_timeout: '0s',
  resource_api_version: 'V3',
}
const MAX = 4294967295

export const clusterName = (direction: 'outbound' | 'inbound', port: number, subset: string, fqdn: string) =>
  `${direction}|${port}|${subset}|${fqdn}`

const tcpProxy = (cluster: string) => ({
  name: 'envoy.filters.network.tcp_proxy',
  typed_config: {'@type': `${T}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`, stat_prefix: cluster, cluster},
})
const STATS = {name: 'istio.stats', typed_config: {'@type': `${T}stats.PluginConfig`}}

// ---- clusters ------------------------------------------------------------------------------------

function mtlsMatches(svc: Service, port: number, subset: string): Json[] {
  return [
    {
      name: 'tlsMode-istio',
      match: {tlsMode: 'istio'},
      transport_socket: {
        name: 'envoy.transport_sockets.tls',
        typed_config: {
          '@type': `${T}envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`,
          common_tls_context: {
            tls_params: {tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3'},
            alpn_protocols: ['istio-peer-exchange', 'istio'],
            tls_certificate_sds_secret_configs: [{name: 'default', sds_config: SDS_SOURCE}],
            combined_validation_context: {
              default_validation_context: {
                match_subject_alt_names: [{exact: `spiffe://cluster.local/ns/${svc.namespace}/sa/${svc.serviceAccount}`}],
              },
              validation_context_sds_secret_config: {name: 'ROOTCA', sds_config: SDS_SOURCE},
            },
          },
          sni: `outbound_.${port}_.${subset}_.${svc.fqdn}`,
        },
      },
    },
    {
      name: 'tlsMode-disabled',
      match: {},
      transport_socket: {name: 'envoy.transport_sockets.raw_buffer', typed_config: {'@type': `${T}envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer`}},
    },
  ]
}

/** `outbound|PORT|SUBSET|FQDN`: EDS with Istio mTLS transport socket matches, or STRICT_DNS for a ServiceEntry. */
export function outboundCluster(svc: Service, port: ServicePort, subset: string): Json {
  const name = clusterName('outbound', port.port, subset, svc.fqdn)
  const istio: Json = {
    services: [{host: svc.fqdn, name: svc.external ? svc.fqdn : svc.name, namespace: svc.namespace}],
    default_original_port: port.port,
  }
  if (subset) istio.subset = subset
  if (svc.subsets.length > 0) istio.config = `/apis/networking.istio.io/v1alpha3/namespaces/${svc.namespace}/destination-rule/${svc.name}`
  const cluster: Json = {
    '@type': `${T}envoy.config.cluster.v3.Cluster`,
    name,
    type: svc.external ? 'STRICT_DNS' : 'EDS',
  }
  if (svc.external) {
    cluster.dns_lookup_family = 'V4_ONLY'
    cluster.load_assignment = {
      cluster_name: name,
      endpoints: [{locality: {}, lb_endpoints: [{endpoint: {address: {socket_address: {address: svc.fqdn, port_value: port.port}}}, load_balancing_weight: 1}], load_balancing_weight: 1}],
    }
  } else {
    cluster.eds_cluster_config = {eds_config: ADS, service_name: name}
  }
  cluster.connect_timeout = '10s'
  cluster.lb_policy = 'LEAST_REQUEST'
  cluster.circuit_breakers = {thresholds: [{max_connections: MAX, max_pending_requests: MAX, max_requests: MAX, max_retries: MAX, track_remaining: true}]}
  cluster.common_lb_config = {locality_weighted_lb_config: {}}
  if (port.protocol === 'GRPC') {
    cluster.typed_extension_protocol_options = {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': `${T}envoy.extensions.upstreams.http.v3.HttpProtocolOptions`,
        explicit_http_config: {http2_protocol_options: {}},
      },
    }
  }
  cluster.metadata = {filter_metadata: {istio}}
  if (!svc.external) {
    cluster.filters = [
      {
        name: 'istio.metadata_exchange',
        typed_config: {'@type': `${T}envoy.tcp.metadataexchange.config.MetadataExchange`, protocol: 'istio-peer-exchange'},
      },
    ]
    cluster.transport_socket_matches = mtlsMatches(svc, port.port, subset)
  }
  return cluster
}

function staticCluster(name: string, address: Json, type = 'STATIC'): Json {
  return {
    '@type': `${T}envoy.config.cluster.v3.Cluster`,
    name,
    type,
    connect_timeout: '0.250s',
    load_assignment: {cluster_name: name, endpoints: [{lb_endpoints: [{endpoint: {address}}]}]},
  }
}

/** Bootstrap clusters (static_clusters) of an Istio sidecar. */
export function bootstrapClusters(): Json[] {
  const sock = (port: number) => ({socket_address: {protocol: 'TCP', address: '127.0.0.1', port_value: port}})
  return [
    staticCluster('prometheus_stats', sock(15000)),
    staticCluster('agent', sock(15020)),
    staticCluster('sds-grpc', {pipe: {path: './var/run/secrets/workload-spiffe-uds/socket'}}),
    staticCluster('xds-grpc', {pipe: {path: './etc/istio/proxy/XDS'}}),
    staticCluster('zipkin', {socket_address: {address: 'zipkin.istio-system', port_value: 9411}}, 'STRICT_DNS'),
  ]
}

/** The catch-all clusters and the proxy's own inbound clusters. */
export function specialClusters(mesh: Mesh): Json[] {
  const cluster = (name: string, extra: Json) => ({'@type': `${T}envoy.config.cluster.v3.Cluster`, name, ...extra})
  const out: Json[] = [
    cluster('BlackHoleCluster', {type: 'STATIC', connect_timeout: '10s'}),
    cluster('PassthroughCluster', {type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED', circuit_breakers: {thresholds: [{max_connections: MAX, max_pending_requests: MAX, max_requests: MAX, max_retries: MAX, track_remaining: true}]}, filters: [{name: 'istio.metadata_exchange', typed_config: {'@type': `${T}envoy.tcp.metadataexchange.config.MetadataExchange`, protocol: 'istio-peer-exchange'}}]}),
    cluster('InboundPassthroughClusterIpv4', {type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED', upstream_bind_config: {source_address: {address: '127.0.0.6', port_value: 0}}}),
  ]
  for (const p of mesh.self.ports) {
    out.push(
      cluster(clusterName('inbound', p.port, '', ''), {
        type: 'ORIGINAL_DST',
        connect_timeout: '10s',
        lb_policy: 'CLUSTER_PROVIDED',
        upstream_bind_config: {source_address: {address: '127.0.0.6', port_value: 0}},
        metadata: {filter_metadata: {istio: {services: [{host: mesh.self.fqdn, name: mesh.self.name, namespace: mesh.self.namespace}]}}},
      }),
    )
  }
  return out
}

// ---- endpoints -----------------------------------------------------------------------------------

/** The EDS ClusterLoadAssignment of an outbound cluster: one locality per zone, Istio workload metadata. */
export function loadAssignment(svc: Service, port: number, subset: string): Json {
  const pods = subset ? svc.pods.filter((p) => p.version === subset) : svc.pods
  const byZone = new Map<string, Pod[]>()
  for (const p of pods) byZone.set(p.zone, [...(byZone.get(p.zone) ?? []), p])
  return {
    '@type': `${T}envoy.config.endpoint.v3.ClusterLoadAssignment`,
    cluster_name: clusterName('outbound', port, subset, svc.fqdn),
    endpoints: [...byZone].map(([zone, zonePods]) => ({
      locality: {region: 'us-east1', zone},
      lb_endpoints: zonePods.map((p) => ({
        endpoint: {address: {socket_address: {address: p.ip, port_value: port}}, health_check_config: {}},
        health_status: 'HEALTHY',
        metadata: {
          filter_metadata: {
            'envoy.transport_socket_match': {tlsMode: 'istio'},
            istio: {workload: `${svc.name}-${p.version};${svc.namespace};${svc.name};${p.version};Kubernetes`},
          },
        },
        load_balancing_weight: 1,
      })),
      load_balancing_weight: zonePods.length,
    })),
    policy: {overprovisioning_factor: 140},
  }
}

// ---- routes --------------------------------------------------------------------------------------

const RETRY = {
  retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  num_retries: 2,
  retry_host_predicate: [{name: 'envoy.retry_host_predicates.previous_hosts', typed_config: {'@type': `${T}envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate`}}],
  host_selection_retry_max_attempts: '5',
  retriable_status_codes: [503],
}
const MAX_STREAM = {max_stream_duration: '0s', grpc_timeout_header_max: '0s'}

/** Istio's host variants for a vhost: FQDN, shorter names (short name only in the proxy's namespace), the VIP. */
export function domains(svc: Service, port: number, selfNamespace: string): string[] {
  const base = svc.external
    ? [svc.fqdn]
    : [svc.fqdn, ...(svc.namespace === selfNamespace ? [svc.name] : []), `${svc.name}.${svc.namespace}.svc`, `${svc.name}.${svc.namespace}`, svc.clusterIP]
  return base.flatMap((d) => [d, `${d}:${port}`])
}

function action(cluster: Json): Json {
  return {...cluster, timeout: '0s', retry_policy: RETRY, max_stream_duration: MAX_STREAM}
}

function vsMetadata(svc: Service): Json {
  return {filter_metadata: {istio: {config: `/apis/networking.istio.io/v1alpha3/namespaces/${svc.namespace}/virtual-service/${svc.routing?.virtualService}`}}}
}

/** One virtual host per service on the port: a default route, or VirtualService-like header/weighted routes. */
export function virtualHost(svc: Service, port: number, selfNamespace: string): Json {
  const c = (subset: string) => clusterName('outbound', port, subset, svc.fqdn)
  const op = `${svc.fqdn}:${port}`
  const r = svc.routing
  const routes: Json[] = r
    ? [
        {
          match: {prefix: '/', case_sensitive: true, headers: [{name: r.header.name, string_match: {exact: r.header.value}}]},
          route: action({cluster: c(r.header.subset)}),
          metadata: vsMetadata(svc),
          decorator: {operation: `${op}/*`},
        },
        {
          match: {prefix: r.split.prefix, case_sensitive: true},
          route: action({weighted_clusters: {clusters: r.split.weights.map(([s, weight]) => ({name: c(s), weight}))}}),
          metadata: vsMetadata(svc),
          decorator: {operation: `${op}${r.split.prefix}*`},
        },
        {match: {prefix: '/', case_sensitive: true}, route: action({cluster: c(r.defaultSubset)}), metadata: vsMetadata(svc), decorator: {operation: `${op}/*`}},
      ]
    : [{match: {prefix: '/'}, route: action({cluster: c('')}), decorator: {operation: `${op}/*`}, name: 'default'}]
  return {name: `${svc.fqdn}:${port}`, domains: domains(svc, port, selfNamespace), routes, include_request_attempt_count: true}
}

/** RDS route configuration named for the port, as Istio names outbound HTTP routes. */
export function routeConfiguration(port: number, vhosts: Json[]): Json {
  return {
    '@type': `${T}envoy.config.route.v3.RouteConfiguration`,
    name: String(port),
    virtual_hosts: [
      ...vhosts,
      {
        name: 'allow_any',
        domains: ['*'],
        routes: [{match: {prefix: '/'}, route: {cluster: 'PassthroughCluster', timeout: '0s', max_grpc_timeout: '0s'}, name: 'allow_any'}],
        include_request_attempt_count: true,
      },
    ],
    validate_clusters: false,
    max_direct_response_body_size_bytes: 1048576,
    ignore_port_in_host_matching: true,
  }
}

// ---- listeners -----------------------------------------------------------------------------------

const HTTP_FILTERS = [
  {name: 'istio.metadata_exchange', typed_config: {'@type': `${T}envoy.extensions.filters.http.wasm.v3.Wasm`, config: {vm_config: {runtime: 'envoy.wasm.runtime.null', code: {local: {inline_string: 'envoy.wasm.metadata_exchange'}}}, configuration: {'@type': `${T}envoy.tcp.metadataexchange.config.MetadataExchange`}}}},
  {name: 'envoy.filters.http.grpc_stats', typed_config: {'@type': `${T}envoy.extensions.filters.http.grpc_stats.v3.FilterConfig`, emit_filter_state: true, stats_for_all_methods: false}},
  {name: 'envoy.filters.http.fault', typed_config: {'@type': `${T}envoy.extensions.filters.http.fault.v3.HTTPFault`}},
  {name: 'envoy.filters.http.cors', typed_config: {'@type': `${T}envoy.extensions.filters.http.cors.v3.Cors`}},
  {name: 'istio.stats', typed_config: {'@type': `${T}stats.PluginConfig`}},
  {name: 'envoy.filters.http.router', typed_config: {'@type': `${T}envoy.extensions.filters.http.router.v3.Router`}},
]

function hcm(statPrefix: string, routing: Json): Json {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': `${T}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
      stat_prefix: statPrefix,
      ...routing,
      http_filters: HTTP_FILTERS,
      tracing: {client_sampling: {value: 100}, random_sampling: {value: 1}, overall_sampling: {value: 100}},
      use_remote_address: false,
      upgrade_configs: [{upgrade_type: 'websocket'}],
      stream_idle_timeout: '0s',
      normalize_path: true,
      request_id_extension: {typed_config: {'@type': `${T}envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig`, use_request_id_for_trace_sampling: true}},
      path_with_escaped_slashes_action: 'KEEP_UNCHANGED',
    },
  }
}

const socket = (address: string, port: number) => ({socket_address: {address, port_value: port}})
const PASSTHROUGH_CHAIN = {filter_chain_match: {}, filters: [STATS, tcpProxy('PassthroughCluster')], name: 'PassthroughFilterChain'}
const INSPECTORS = [
  {name: 'envoy.filters.listener.tls_inspector', typed_config: {'@type': `${T}envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector`}},
  {name: 'envoy.filters.listener.http_inspector', typed_config: {'@type': `${T}envoy.extensions.filters.listener.http_inspector.v3.HttpInspector`}},
]

function listener(name: string, body: Json): Json {
  return {'@type': `${T}envoy.config.listener.v3.Listener`, name, ...body}
}

/** `0.0.0.0_PORT`: the outbound HTTP listener of a port, routing through RDS named for the port. */
export function httpListener(port: number): Json {
  return listener(`0.0.0.0_${port}`, {
    address: socket('0.0.0.0', port),
    filter_chains: [
      {
        filter_chain_match: {transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c']},
        filters: [hcm(`outbound_0.0.0.0_${port}`, {rds: {config_source: ADS, route_config_name: String(port)}})],
      },
    ],
    listener_filters: INSPECTORS,
    listener_filters_timeout: '0s',
    traffic_direction: 'OUTBOUND',
    continue_on_listener_filters_timeout: true,
    default_filter_chain: PASSTHROUGH_CHAIN,
    bind_to_port: false,
  })
}

/** `IP_PORT`: the outbound TCP listener of one service VIP. */
export function tcpListener(svc: Service, port: number): Json {
  const cluster = clusterName('outbound', port, '', svc.fqdn)
  return listener(`${svc.clusterIP}_${port}`, {
    address: socket(svc.clusterIP, port),
    filter_chains: [{filters: [STATS, tcpProxy(cluster)]}],
    traffic_direction: 'OUTBOUND',
    bind_to_port: false,
  })
}

export function virtualOutbound(): Json {
  return listener('virtualOutbound', {
    address: socket('0.0.0.0', 15001),
    filter_chains: [
      {filter_chain_match: {destination_port: 15001}, filters: [STATS, tcpProxy('BlackHoleCluster')], name: 'virtualOutbound-blackhole'},
      {filters: [STATS, tcpProxy('PassthroughCluster')], name: 'virtualOutbound-catchall-tcp'},
    ],
    use_original_dst: true,
    traffic_direction: 'OUTBOUND',
  })
}

const AUTHN = {name: 'istio_authn', typed_config: {'@type': `${T}udpa.type.v1.TypedStruct`, type_url: `${T}io.istio.network.authn.Config`}}
const MX = {name: 'istio.metadata_exchange', typed_config: {'@type': `${T}envoy.tcp.metadataexchange.config.MetadataExchange`, protocol: 'istio-peer-exchange'}}

function downstreamTls(): Json {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': `${T}envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`,
      common_tls_context: {
        tls_params: {tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3'},
        alpn_protocols: ['h2', 'http/1.1'],
        tls_certificate_sds_secret_configs: [{name: 'default', sds_config: SDS_SOURCE}],
        combined_validation_context: {default_validation_context: {}, validation_context_sds_secret_config: {name: 'ROOTCA', sds_config: SDS_SOURCE}},
      },
      require_client_certificate: true,
    },
  }
}

/** virtualInbound (15006): for each inbound port an mTLS and a plaintext chain, then passthrough chains. */
export function virtualInbound(mesh: Mesh): Json {
  const chains: Json[] = [{filter_chain_match: {destination_port: 15006}, filters: [MX, STATS, tcpProxy('BlackHoleCluster')], name: 'virtualInbound-blackhole'}]
  for (const p of mesh.self.ports) {
    const cluster = clusterName('inbound', p.port, '', '')
    const terminal =
      p.protocol === 'TCP'
        ? [STATS, tcpProxy(cluster)]
        : [
            hcm(`inbound_0.0.0.0_${p.port}`, {
              route_config: {
                name: `inbound|${p.port}||`,
                virtual_hosts: [
                  {name: `inbound|http|${p.port}`, domains: ['*'], routes: [{match: {prefix: '/'}, route: {cluster, timeout: '0s', max_stream_duration: MAX_STREAM}, decorator: {operation: `${mesh.self.fqdn}:${p.port}/*`}, name: 'default'}]},
                ],
                validate_clusters: false,
              },
            }),
          ]
    chains.push(
      {filter_chain_match: {destination_port: p.port, transport_protocol: 'tls'}, filters: [AUTHN, MX, ...terminal], transport_socket: downstreamTls(), name: `0.0.0.0_${p.port}`},
      {filter_chain_match: {destination_port: p.port, transport_protocol: 'raw_buffer'}, filters: [AUTHN, MX, ...terminal], name: `0.0.0.0_${p.port}`},
    )
  }
  const any = [{address_prefix: '0.0.0.0', prefix_len: 0}]
  chains.push(
    {filter_chain_match: {prefix_ranges: any, transport_protocol: 'tls'}, filters: [AUTHN, MX, STATS, tcpProxy('InboundPassthroughClusterIpv4')], transport_socket: downstreamTls(), name: 'virtualInbound'},
    {filter_chain_match: {prefix_ranges: any, transport_protocol: 'raw_buffer'}, filters: [AUTHN, MX, STATS, tcpProxy('InboundPassthroughClusterIpv4')], name: 'virtualInbound'},
  )
  return listener('virtualInbound', {
    address: socket('0.0.0.0', 15006),
    filter_chains: chains,
    listener_filters: [{name: 'envoy.filters.listener.original_dst', typed_config: {'@type': `${T}envoy.extensions.filters.listener.original_dst.v3.OriginalDst`}}, ...INSPECTORS],
    listener_filters_timeout: '0s',
    traffic_direction: 'INBOUND',
    continue_on_listener_filters_timeout: true,
  })
}

/** The bootstrap listeners: Prometheus stats (15090) and health (15021), with inline routes. */
export function staticListeners(): Json[] {
  const inline = (port: number, cluster: string, path: string, name: string) =>
    listener(`0.0.0.0_${port}`, {
      address: socket('0.0.0.0', port),
      filter_chains: [
        {
          filters: [
            {
              name: 'envoy.filters.network.http_connection_manager',
              typed_config: {
                '@type': `${T}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
                stat_prefix: name,
                route_config: {virtual_hosts: [{name: 'backend', domains: ['*'], routes: [{match: {prefix: path}, route: {cluster}}]}]},
                http_filters: [{name: 'envoy.filters.http.router', typed_config: {'@type': `${T}envoy.extensions.filters.http.router.v3.Router`}}],
              },
            },
          ],
        },
      ],
    })
  return [inline(15090, 'prometheus_stats', '/stats/prometheus', 'stats'), inline(15021, 'agent', '/healthz/ready', 'agent')]
}

// ---- bootstrap and secrets -----------------------------------------------------------------------

export function bootstrap(mesh: Mesh): Json {
  const {self, selfPod} = mesh
  return {
    node: {
      id: `sidecar~${selfPod.ip}~${self.name}-${selfPod.version}-7d4f8b9c6-x2x4z.${self.namespace}~${self.namespace}.svc.cluster.local`,
      cluster: `${self.name}.${self.namespace}`,
      metadata: {
        ISTIO_VERSION: '1.22.0',
        CLUSTER_ID: 'Kubernetes',
        NAMESPACE: self.namespace,
        SERVICE_ACCOUNT: self.serviceAccount,
        WORKLOAD_NAME: `${self.name}-${selfPod.version}`,
        LABELS: {app: self.name, version: selfPod.version, 'service.istio.io/canonical-name': self.name},
        MESH_ID: 'cluster.local',
      },
      locality: {region: 'us-east1', zone: selfPod.zone},
      user_agent_name: 'envoy',
      user_agent_build_version: {version: {major_number: 1, minor_number: 30, patch: 1}, metadata: {'build.type': 'RELEASE', 'revision.status': 'Clean', 'ssl.version': 'BoringSSL'}},
    },
    static_resources: {clusters: bootstrapClusters(), listeners: staticListeners()},
    dynamic_resources: {lds_config: ADS, cds_config: ADS, ads_config: {api_type: 'GRPC', set_node_on_first_message_only: true, transport_api_version: 'V3', grpc_services: [{envoy_grpc: {cluster_name: 'xds-grpc'}}]}},
    admin: {address: socket('127.0.0.1', 15000)},
  }
}

/** Base64 of a fake PEM of about `len` bytes: realistic size, no key material. */
function fakePem(rnd: () => number, label: string, len: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const lines: string[] = []
  for (let n = 0; n < len; n += 64) lines.push(Array.from({length: 64}, () => chars[Math.floor(rnd() * 64)]).join(''))
  return Buffer.from(`-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`).toString('base64')
}

/** SDS secrets of a sidecar: the workload cert (`default`, private key redacted as Envoy does) and ROOTCA. */
export function secrets(rnd: () => number, versionTime: string): Json[] {
  const secret = (name: string, body: Json) => ({
    name,
    version_info: versionTime,
    last_updated: versionTime,
    secret: {'@type': `${T}envoy.extensions.transport_sockets.tls.v3.Secret`, name, ...body},
  })
  return [
    secret('default', {
      tls_certificate: {
        certificate_chain: {inline_bytes: fakePem(rnd, 'CERTIFICATE', 1100) + fakePem(rnd, 'CERTIFICATE', 1000)},
        private_key: {inline_bytes: Buffer.from('[redacted]').toString('base64')},
      },
    }),
    secret('ROOTCA', {validation_context: {trusted_ca: {inline_bytes: fakePem(rnd, 'CERTIFICATE', 1000)}}}),
  ]
}
