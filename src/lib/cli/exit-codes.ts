/**
 * Every exit code meshscope uses, in one table. docs/exit-codes.md documents the same table and a test
 * keeps the two in step. Codes are grouped by decade so a script can test a range.
 */
export const ExitCode = {
  OK: 0,
  /** diff found a difference (as diff(1)) */
  DIFFERENT: 1,
  /** bad flag, bad argument, or flags that do not go together */
  USAGE: 2,
  /** the input file (or stdin) could not be read */
  INPUT_UNREADABLE: 3,
  /** the input was read but is not what the command needs (not JSON, truncated, not a config dump) */
  INPUT_INVALID: 4,
  /** a resource named on the command line is not in the input */
  NOT_FOUND: 5,
  /** the answer cannot be decided offline, or needs something not built yet */
  UNSUPPORTED: 6,
  /** trace: no listener takes the connection */
  TRACE_NO_LISTENER: 10,
  /** trace: the listener has no filter chain for the connection */
  TRACE_NO_FILTER_CHAIN: 11,
  /** trace: no virtual host or no route matches (Envoy answers 404) */
  TRACE_NO_ROUTE: 12,
  /** trace: the route answers by itself (direct response or redirect) */
  TRACE_DIRECT_RESPONSE: 13,
  /** trace: the route names a cluster the proxy does not have (Envoy answers 503) */
  TRACE_UNKNOWN_CLUSTER: 14,
  /** trace: the cluster has no healthy endpoint (Envoy answers 503) */
  TRACE_NO_HEALTHY_ENDPOINT: 15,
  /** trace: the connection is closed or rejected by a filter (e.g. BlackHoleCluster) */
  TRACE_BLOCKED: 16,
  /** route-check: at least one test failed */
  ROUTE_CHECK_FAILED: 20,
  /** route-check: coverage is below --fail-under */
  ROUTE_CHECK_COVERAGE: 21,
  /** live: no usable kubeconfig or unknown context */
  KUBECONFIG: 30,
  /** live: the Kubernetes API server cannot be reached */
  API_UNREACHABLE: 31,
  /** live: the API server rejected the credentials (401) */
  UNAUTHORIZED: 32,
  /** live: RBAC forbids the request (403) */
  FORBIDDEN: 33,
  /** live: the pod or workload does not exist */
  POD_NOT_FOUND: 34,
  /** live: the pod is not running, or has no proxy container */
  POD_NOT_READY: 35,
  /** live: the Envoy admin API cannot be reached through the pod */
  ADMIN_UNREACHABLE: 36,
  /** live: the admin API or istiod answered with an error status */
  ADMIN_ERROR: 37,
  /** live: a request did not finish within --timeout */
  TIMEOUT: 38,
  /** check: findings at or above --fail-on */
  CHECK_FINDINGS: 40,
  /** check: some proxies could not be checked */
  CHECK_PARTIAL: 41,
  /** proxy-status --fail-on-stale: some proxy is not in sync with istiod */
  STALE_PROXIES: 42,
  /** a bug in meshscope: please report it */
  INTERNAL: 70,
} as const

export type ExitCodeName = keyof typeof ExitCode
