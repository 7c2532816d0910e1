import {ExitCode} from '../cli/exit-codes.js'
import type {Hop, HopKind, NearMiss, Outcome, OutcomeKind, XdsStage} from './types.js'

const STAGE: Record<HopKind, XdsStage> = {
  listener: 'LDS',
  'filter-chain': 'LDS',
  'network-filter': 'LDS',
  'route-config': 'RDS',
  'virtual-host': 'RDS',
  route: 'RDS',
  action: 'RDS',
  cluster: 'CDS',
  endpoints: 'EDS',
}

const CODE = {
  routed: 'OK',
  'no-listener': 'TRACE_NO_LISTENER',
  'no-filter-chain': 'TRACE_NO_FILTER_CHAIN',
  'no-route': 'TRACE_NO_ROUTE',
  'direct-response': 'TRACE_DIRECT_RESPONSE',
  'unknown-cluster': 'TRACE_UNKNOWN_CLUSTER',
  'no-healthy-endpoint': 'TRACE_NO_HEALTHY_ENDPOINT',
  blocked: 'TRACE_BLOCKED',
  unresolved: 'UNSUPPORTED',
} as const satisfies Record<OutcomeKind, keyof typeof ExitCode>

/** Collects hops with their step numbers and xDS stage. */
export class HopLog {
  readonly hops: Hop[] = []

  add(kind: HopKind, h: {resource?: string; rule: string; nearMisses?: NearMiss[]; caveats?: string[]; details?: Record<string, unknown>}): Hop {
    const hop: Hop = {
      step: this.hops.length + 1,
      stage: STAGE[kind],
      kind,
      ...(h.resource !== undefined ? {resource: h.resource} : {}),
      rule: h.rule,
      nearMisses: h.nearMisses ?? [],
      caveats: [...new Set(h.caveats ?? [])],
      details: withoutUndefined(h.details ?? {}),
    }
    this.hops.push(hop)
    return hop
  }
}

/** The outcome of a trace and its exit code (src/lib/cli/exit-codes.ts). */
export function outcome(kind: OutcomeKind, summary: string, cluster?: string): Outcome {
  const code = CODE[kind]
  return {kind, code, exitCode: ExitCode[code], summary, ...(cluster !== undefined ? {cluster} : {})}
}

/** Drops undefined fields, so JSON and YAML output say the same (YAML would print them as null). */
function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? withoutUndefined(v as Record<string, unknown>) : v
  }
  return out
}
