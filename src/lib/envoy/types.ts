/**
 * The parts of Envoy's v3 API that meshscope reads, in protojson (lowerCamelCase) form. Every field is
 * optional because dumps omit defaults. Older v2 spellings that the model folds in are noted where they
 * differ. Extend these as analysis needs more fields; never cast around them.
 */

export interface Any {
  '@type'?: string
  [field: string]: unknown
}

export interface SocketAddress {
  protocol?: string
  address?: string
  portValue?: number
  namedPort?: string
  resolverName?: string
  ipv4Compat?: boolean
}

export interface Address {
  socketAddress?: SocketAddress
  pipe?: {path?: string}
  envoyInternalAddress?: {serverListenerName?: string; endpointId?: string}
}

export interface Metadata {
  filterMetadata?: Record<string, Record<string, unknown>>
  typedFilterMetadata?: Record<string, Any>
}

export interface CidrRange {
  addressPrefix?: string
  prefixLen?: number
}

export interface FilterChainMatch {
  destinationPort?: number
  prefixRanges?: CidrRange[]
  addressSuffix?: string
  suffixLen?: number
  directSourcePrefixRanges?: CidrRange[]
  sourceType?: 'ANY' | 'SAME_IP_OR_LOOPBACK' | 'EXTERNAL'
  sourcePrefixRanges?: CidrRange[]
  sourcePorts?: number[]
  serverNames?: string[]
  transportProtocol?: string
  applicationProtocols?: string[]
}

export interface NetworkFilter {
  name?: string
  typedConfig?: Any
  /** v2 and earlier: the filter config as a Struct */
  config?: Record<string, unknown>
}

export interface FilterChain {
  name?: string
  filterChainMatch?: FilterChainMatch
  filters?: NetworkFilter[]
  transportSocket?: TransportSocket
  metadata?: Metadata
  /** v2 */
  tlsContext?: Record<string, unknown>
}

export interface ListenerFilter {
  name?: string
  typedConfig?: Any
  config?: Record<string, unknown>
  /** a ListenerFilterChainMatchPredicate: the filter is skipped for connections it matches */
  filterDisabled?: Record<string, unknown>
}

export interface Listener {
  name?: string
  address?: Address
  additionalAddresses?: {address?: Address}[]
  filterChains?: FilterChain[]
  defaultFilterChain?: FilterChain
  filterChainMatcher?: Matcher
  useOriginalDst?: boolean
  bindToPort?: boolean
  listenerFilters?: ListenerFilter[]
  trafficDirection?: 'UNSPECIFIED' | 'INBOUND' | 'OUTBOUND'
  /** v2 dumps from Envoy before 1.10 */
  deprecatedV1?: {bindToPort?: boolean}
  internalListener?: Record<string, unknown>
  metadata?: Metadata
}

/** xds.type.matcher.v3.Matcher, as used by listener filter_chain_matcher. */
export interface Matcher {
  matcherList?: {matchers?: {predicate?: Record<string, unknown>; onMatch?: OnMatch}[]}
  matcherTree?: {
    input?: {name?: string; typedConfig?: Any}
    exactMatchMap?: {map?: Record<string, OnMatch>}
    prefixMatchMap?: {map?: Record<string, OnMatch>}
    customMatch?: {name?: string; typedConfig?: Any}
  }
  onNoMatch?: OnMatch
}

export interface OnMatch {
  matcher?: Matcher
  action?: {name?: string; typedConfig?: Any}
}

export interface TransportSocket {
  name?: string
  typedConfig?: Any
}

export interface TransportSocketMatch {
  name?: string
  match?: Record<string, unknown>
  transportSocket?: TransportSocket
}

export interface HealthStatusSet {
  statuses?: string[]
}

export interface LbEndpoint {
  endpoint?: {
    address?: Address
    healthCheckConfig?: Record<string, unknown>
    hostname?: string
    additionalAddresses?: {address?: Address}[]
  }
  healthStatus?: 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY' | 'DRAINING' | 'TIMEOUT' | 'DEGRADED'
  metadata?: Metadata
  loadBalancingWeight?: number
  endpointName?: string
}

export interface Locality {
  region?: string
  zone?: string
  subZone?: string
}

export interface LocalityLbEndpoints {
  locality?: Locality
  lbEndpoints?: LbEndpoint[]
  loadBalancingWeight?: number
  priority?: number
}

export interface ClusterLoadAssignment {
  clusterName?: string
  endpoints?: LocalityLbEndpoints[]
  policy?: Record<string, unknown>
}

export interface CircuitBreakerThresholds {
  priority?: string
  maxConnections?: number
  maxPendingRequests?: number
  maxRequests?: number
  maxRetries?: number
  trackRemaining?: boolean
}

export interface Cluster {
  name?: string
  altStatName?: string
  type?: 'STATIC' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'EDS' | 'ORIGINAL_DST'
  clusterType?: {name?: string; typedConfig?: Any}
  edsClusterConfig?: {edsConfig?: Record<string, unknown>; serviceName?: string}
  connectTimeout?: string
  lbPolicy?: string
  loadAssignment?: ClusterLoadAssignment
  /** v2: hosts instead of load_assignment */
  hosts?: Address[]
  transportSocket?: TransportSocket
  transportSocketMatches?: TransportSocketMatch[]
  /** v2 */
  tlsContext?: Record<string, unknown>
  circuitBreakers?: {thresholds?: CircuitBreakerThresholds[]}
  outlierDetection?: Record<string, unknown>
  healthChecks?: Record<string, unknown>[]
  metadata?: Metadata
  typedExtensionProtocolOptions?: Record<string, Any>
  http2ProtocolOptions?: Record<string, unknown>
  commonLbConfig?: Record<string, unknown>
  dnsLookupFamily?: string
  respectDnsTtl?: boolean
  lbSubsetConfig?: Record<string, unknown>
  upstreamConnectionOptions?: Record<string, unknown>
  filters?: NetworkFilter[]
}

export interface StringMatcher {
  exact?: string
  prefix?: string
  suffix?: string
  contains?: string
  safeRegex?: RegexMatcher
  ignoreCase?: boolean
  /** v2 */
  regex?: string
}

export interface RegexMatcher {
  googleRe2?: Record<string, unknown>
  regex?: string
}

export interface Int64Range {
  start?: string | number
  end?: string | number
}

export interface HeaderMatcher {
  name?: string
  exactMatch?: string
  safeRegexMatch?: RegexMatcher
  rangeMatch?: Int64Range
  presentMatch?: boolean
  prefixMatch?: string
  suffixMatch?: string
  containsMatch?: string
  stringMatch?: StringMatcher
  invertMatch?: boolean
  treatMissingHeaderAsEmpty?: boolean
  /** v2 */
  regexMatch?: string
}

export interface QueryParameterMatcher {
  name?: string
  stringMatch?: StringMatcher
  presentMatch?: boolean
  /** v2 */
  value?: string
  regex?: boolean
}

export interface RuntimeFractionalPercent {
  defaultValue?: {numerator?: number; denominator?: 'HUNDRED' | 'TEN_THOUSAND' | 'MILLION'}
  runtimeKey?: string
}

export interface RouteMatch {
  prefix?: string
  path?: string
  safeRegex?: RegexMatcher
  pathSeparatedPrefix?: string
  pathMatchPolicy?: {name?: string; typedConfig?: Any}
  connectMatcher?: Record<string, unknown>
  caseSensitive?: boolean
  runtimeFraction?: RuntimeFractionalPercent
  headers?: HeaderMatcher[]
  queryParameters?: QueryParameterMatcher[]
  grpc?: Record<string, unknown>
  tlsContext?: {presented?: boolean; validated?: boolean}
  dynamicMetadata?: Record<string, unknown>[]
  filterState?: Record<string, unknown>[]
  cookies?: Record<string, unknown>[]
  /** v2 */
  regex?: string
}

export interface WeightedCluster {
  name?: string
  weight?: number
  metadataMatch?: Metadata
  requestHeadersToAdd?: unknown[]
  hostRewriteLiteral?: string
  clusterHeader?: string
  requestHeadersToRemove?: string[]
  responseHeadersToAdd?: unknown[]
  responseHeadersToRemove?: string[]
}

/** core.v3.HeaderValueOption (request/response_headers_to_add). */
export interface HeaderValueOption {
  header?: {key?: string; value?: string; rawValue?: string}
  /** BoolValue, default true (deprecated in favour of append_action) */
  append?: boolean
  appendAction?: 'APPEND_IF_EXISTS_OR_ADD' | 'ADD_IF_ABSENT' | 'OVERWRITE_IF_EXISTS_OR_ADD' | 'OVERWRITE_IF_EXISTS'
  keepEmptyValue?: boolean
}

export interface RetryPolicy {
  retryOn?: string
  numRetries?: number
  perTryTimeout?: string
  retryHostPredicate?: unknown[]
  hostSelectionRetryMaxAttempts?: string | number
  retriableStatusCodes?: number[]
}

export interface RouteAction {
  cluster?: string
  clusterHeader?: string
  weightedClusters?: {clusters?: WeightedCluster[]; totalWeight?: number; runtimeKeyPrefix?: string; headerName?: string}
  clusterSpecifierPlugin?: string
  prefixRewrite?: string
  regexRewrite?: {pattern?: RegexMatcher; substitution?: string}
  pathRewritePolicy?: {name?: string; typedConfig?: Any}
  hostRewriteLiteral?: string
  autoHostRewrite?: boolean
  hostRewriteHeader?: string
  hostRewritePathRegex?: {pattern?: RegexMatcher; substitution?: string}
  timeout?: string
  idleTimeout?: string
  retryPolicy?: RetryPolicy
  requestMirrorPolicies?: {cluster?: string; runtimeFraction?: RuntimeFractionalPercent}[]
  maxGrpcTimeout?: string
  maxStreamDuration?: Record<string, unknown>
  hashPolicy?: unknown[]
  clusterNotFoundResponseCode?: string
  inlineClusterSpecifierPlugin?: Record<string, unknown>
  /** v2 */
  hostRewrite?: string
}

export interface RedirectAction {
  httpsRedirect?: boolean
  schemeRedirect?: string
  hostRedirect?: string
  portRedirect?: number
  pathRedirect?: string
  prefixRewrite?: string
  regexRewrite?: {pattern?: RegexMatcher; substitution?: string}
  responseCode?: 'MOVED_PERMANENTLY' | 'FOUND' | 'SEE_OTHER' | 'TEMPORARY_REDIRECT' | 'PERMANENT_REDIRECT'
  stripQuery?: boolean
}

export interface DirectResponseAction {
  status?: number
  body?: {inlineString?: string; inlineBytes?: string; filename?: string}
}

export interface Route {
  name?: string
  match?: RouteMatch
  route?: RouteAction
  redirect?: RedirectAction
  directResponse?: DirectResponseAction
  filterAction?: Record<string, unknown>
  nonForwardingAction?: Record<string, unknown>
  metadata?: Metadata
  decorator?: {operation?: string}
  typedPerFilterConfig?: Record<string, Any>
  requestHeadersToAdd?: unknown[]
  responseHeadersToAdd?: unknown[]
  requestHeadersToRemove?: string[]
  responseHeadersToRemove?: string[]
}

export interface VirtualCluster {
  name?: string
  headers?: HeaderMatcher[]
  /** v2 */
  pattern?: string
  method?: string
}

export interface VirtualHost {
  name?: string
  domains?: string[]
  routes?: Route[]
  requireTls?: 'NONE' | 'EXTERNAL_ONLY' | 'ALL'
  virtualClusters?: VirtualCluster[]
  retryPolicy?: RetryPolicy
  includeRequestAttemptCount?: boolean
  typedPerFilterConfig?: Record<string, Any>
  /** xds matcher tree that replaces `routes` when set */
  matcher?: Matcher
  requestHeadersToAdd?: unknown[]
  responseHeadersToAdd?: unknown[]
  requestHeadersToRemove?: string[]
  responseHeadersToRemove?: string[]
}

export interface RouteConfiguration {
  name?: string
  virtualHosts?: VirtualHost[]
  validateClusters?: boolean
  vhds?: Record<string, unknown>
  ignorePortInHostMatching?: boolean
  internalOnlyHeaders?: string[]
  vhostHeader?: string
  ignorePathParametersInPathMatching?: boolean
  mostSpecificHeaderMutationsWins?: boolean
  requestHeadersToAdd?: unknown[]
  responseHeadersToAdd?: unknown[]
  requestHeadersToRemove?: string[]
  responseHeadersToRemove?: string[]
  clusterSpecifierPlugins?: unknown[]
}

export interface HttpConnectionManager {
  statPrefix?: string
  codecType?: string
  rds?: {routeConfigName?: string; configSource?: Record<string, unknown>}
  routeConfig?: RouteConfiguration
  scopedRoutes?: Record<string, unknown>
  httpFilters?: {name?: string; typedConfig?: Any; configDiscovery?: Record<string, unknown>}[]
  stripPortMode?: unknown
  stripAnyHostPort?: boolean
  stripMatchingHostPort?: boolean
  stripTrailingHostDot?: boolean
  normalizePath?: boolean
  mergeSlashes?: boolean
  pathWithEscapedSlashesAction?: string
}

export interface TcpProxy {
  statPrefix?: string
  cluster?: string
  weightedClusters?: {clusters?: {name?: string; weight?: number}[]}
  idleTimeout?: string
  /** v2 deprecated_v1 routes */
  deprecatedV1?: {routes?: {cluster?: string; destinationIpList?: CidrRange[]; destinationPorts?: string}[]}
}

export interface Secret {
  name?: string
  tlsCertificate?: {
    certificateChain?: DataSource
    privateKey?: DataSource
    [field: string]: unknown
  }
  validationContext?: {
    trustedCa?: DataSource
    customValidatorConfig?: Any
    [field: string]: unknown
  }
  sessionTicketKeys?: unknown
  genericSecret?: {secret?: DataSource}
}

export interface DataSource {
  filename?: string
  inlineBytes?: string
  inlineString?: string
  environmentVariable?: string
}

export interface Bootstrap {
  node?: {
    id?: string
    cluster?: string
    metadata?: Record<string, unknown>
    userAgentName?: string
    userAgentBuildVersion?: {version?: {majorNumber?: number; minorNumber?: number; patch?: number}; metadata?: Record<string, unknown>}
    /** v2 */
    buildVersion?: string
    locality?: Locality
  }
  staticResources?: Record<string, unknown>
  dynamicResources?: Record<string, unknown>
  admin?: Record<string, unknown>
}

export interface TypedExtensionConfig {
  name?: string
  typedConfig?: Any
}
