import type {ExitCodeName} from '../cli/exit-codes.js'

/**
 * The result of `trace-route`: the connection and request that were traced, the numbered hops in Envoy's
 * order (LDS → RDS → CDS → EDS), and where the trace ended. docs/schemas/trace-route.json describes the
 * JSON form; keep the two in step.
 */
export type Protocol = 'http' | 'tcp' | 'tls'
export type Direction = 'outbound' | 'inbound'

/** How the destination IP was obtained. `unknown`: the trace matched listeners on the port alone. */
export type DestIpSource = 'flag' | 'literal' | 'inferred' | 'unknown'

/** The downstream connection as the application opens it (before any listener filter ran). */
export interface Connection {
  direction: Direction
  protocol: Protocol
  /** The original destination the application dialled. */
  destIp?: string
  destPort: number
  destIpSource: DestIpSource
  /** Where an inferred (or missing) destination IP came from, in words. */
  destIpNote?: string
  /** SNI the client sends in its ClientHello (protocol tls). */
  sni?: string
  /** ALPN the client offers (`--alpn`); undefined = whatever the listener filters detect. */
  alpn?: string[]
}

export interface TraceRequest {
  method: string
  scheme: 'http' | 'https'
  authority: string
  path: string
  headers: {name: string; value: string}[]
  randomValue: number
}

/** SDS: Pilot v1's service discovery, the stage a trace over the v1 REST API ends in (EDS did not exist). */
export type XdsStage = 'LDS' | 'RDS' | 'CDS' | 'EDS' | 'SDS'

export type HopKind =
  | 'listener'
  | 'filter-chain'
  | 'network-filter'
  | 'route-config'
  | 'virtual-host'
  | 'route'
  | 'action'
  | 'cluster'
  | 'endpoints'

/** Something that could have been chosen at a hop and was not, with the reason. */
export interface NearMiss {
  resource: string
  why: string
}

export interface Hop {
  step: number
  stage: XdsStage
  kind: HopKind
  /** The resource chosen (a listener, chain, filter, route config, vhost, route, cluster…); absent when none. */
  resource?: string
  /** The rule that chose it, or why nothing was chosen. */
  rule: string
  nearMisses: NearMiss[]
  caveats: string[]
  /** Hop-specific facts (addresses, criteria, cluster settings, endpoints). */
  details: Record<string, unknown>
}

export type OutcomeKind =
  | 'routed'
  | 'no-listener'
  | 'no-filter-chain'
  | 'no-route'
  | 'direct-response'
  | 'unknown-cluster'
  | 'no-healthy-endpoint'
  | 'blocked'
  | 'unresolved'

export interface Outcome {
  kind: OutcomeKind
  /** Exit-code name from src/lib/cli/exit-codes.ts. */
  code: ExitCodeName
  exitCode: number
  summary: string
  cluster?: string
}

export interface Trace {
  connection: Connection
  /** The HTTP request (absent for --protocol tcp, and for tls without an HTTP chain). */
  request?: TraceRequest
  hops: Hop[]
  outcome: Outcome
}
