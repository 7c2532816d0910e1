import type {ClusterStatusDump} from '../envoy/clusters-status.js'
import type {ConfigDump} from '../envoy/config-dump.js'
import type {RouteCheckSuite} from '../routecheck/test-file.js'
import type {TraceTarget} from '../trace/target.js'
import type {Severity} from './severity.js'

/** One problem found on one proxy. `rule` is a stable id documented in docs/check.md. */
export interface Finding {
  severity: Severity
  /** the proxy: `name.namespace` for a pod, the path for a file */
  proxy: string
  rule: string
  /** the resource the finding is about (a listener, a cluster, a route config, a secret, a test…) */
  resource: string
  message: string
  suggestion: string
}

/** What a rule found on one proxy, before the runner stamps the proxy and rule id on it. */
export type Draft = Omit<Finding, 'proxy' | 'rule'>

/** A rule's outcome on one proxy: findings (none means it passed), or skipped with the reason. */
export type RuleRun = {findings: Draft[]} | {skipped: string}

/** istiod's view of one proxy (from /debug/syncz): the state of each xDS type it pushes. */
export interface ProxySyncStatus {
  /** per xDS type (CDS, LDS, RDS, EDS, ECDS…): SYNCED, STALE, NOT SENT, NACK (istioctl proxy-status words) */
  types: Readonly<Record<string, string>>
  istiod?: string
}

/**
 * Everything check reads about one proxy. Only the config dump is always there: a saved dump (-f) has no
 * /clusters, stats, /ready or /certs, and the rules that need them report that they were skipped.
 */
export interface ProxySnapshot {
  proxy: string
  dump: ConfigDump
  /** /clusters?format=json */
  clusters?: ClusterStatusDump
  /** counters named *.update_rejected, from /stats?format=json */
  rejectedCounters?: ReadonlyMap<string, number>
  /** the body of /ready */
  ready?: string
  /** /certs, parsed */
  certs?: unknown
  /** istiod's sync status of this proxy, when istiod could be asked */
  sync?: ProxySyncStatus
  /** why an optional input is missing (path → message), to say why a rule was skipped */
  missing?: Readonly<Record<string, string>>
}

/** A route-check suite to run against a named route configuration of each proxy (`--routes NAME=TESTS`). */
export interface RouteSuite {
  routeName: string
  label: string
  suite: RouteCheckSuite
}

/** An `--expect 'URL -> CLUSTER'` assertion. */
export interface TraceExpectation {
  text: string
  target: TraceTarget
  cluster: string
}

/** Inputs of the rules besides the snapshot; `now` is passed in so rules never read the clock. */
export interface CheckContext {
  now: Date
  certWarnDays: number
  routeSuites: readonly RouteSuite[]
  expectations: readonly TraceExpectation[]
  /** why istiod's sync status is unavailable for the whole run (no istiod support, istiod unreachable) */
  syncUnavailable?: string
}

/** A health rule over one proxy. */
export interface Rule {
  /** stable id (scripts and JUnit match on it) */
  id: string
  /** one line: what it looks for */
  title: string
  run(snapshot: ProxySnapshot, ctx: CheckContext): RuleRun
}
