import type {ConfigDump, DumpEntry} from '../envoy/config-dump.js'
import type {Listener, ListenerFilter} from '../envoy/types.js'
import {hostPort, isV6, isWildcardIp, normalizeIp} from './net.js'
import type {Direction, NearMiss} from './types.js'

/** A TCP listener of the dump with the facts listener selection needs. */
export interface ListenerView {
  name: string
  listener: Listener
  ip?: string
  port?: number
  /** false for Istio's per-service listeners that only receive hand-offs */
  bindToPort: boolean
  /** the legacy use_original_dst: restores the original destination AND hands the connection off */
  handsOff: boolean
  /** restores the original destination (use_original_dst or the original_dst listener filter) */
  restoresDestination: boolean
  otherStates: string[]
}

/** The active TCP listeners of a dump (UDP and internal listeners cannot take a TCP connection). */
export function listenerViews(dump: ConfigDump): ListenerView[] {
  const byName = new Map<string, DumpEntry<Listener>[]>()
  for (const e of dump.listeners) {
    // some dumps (Istio ≤1.4 era) omit the DynamicListener name: the listener's own name is the key
    const name = e.name || e.resource.name || ''
    byName.set(name, [...(byName.get(name) ?? []), e])
  }
  const out: ListenerView[] = []
  for (const [name, entries] of byName) {
    const active = entries.find((e) => e.state === 'ACTIVE')
    if (!active) continue
    const l = active.resource
    const sa = l.address?.socketAddress
    if (!sa || (sa.protocol ?? 'TCP').toUpperCase() === 'UDP') continue
    const useOriginalDst = l.useOriginalDst === true
    out.push({
      name,
      listener: l,
      ip: sa.address === undefined ? undefined : normalizeIp(sa.address),
      port: sa.portValue,
      bindToPort: l.bindToPort !== false && l.deprecatedV1?.bindToPort !== false,
      handsOff: useOriginalDst,
      restoresDestination: useOriginalDst || listenerFilterKinds(l).includes('original_dst'),
      otherStates: entries.filter((e) => e.state !== 'ACTIVE').map((e) => e.state.toLowerCase()),
    })
  }
  return out
}

export type ListenerFilterKind = 'tls_inspector' | 'http_inspector' | 'original_dst' | 'proxy_protocol' | 'original_src' | 'other'

/** Listener filters by what they do, from the name (v2 `envoy.listener.*`, v3 `envoy.filters.listener.*`) or the @type. */
export function listenerFilterKinds(l: Listener): ListenerFilterKind[] {
  return (l.listenerFilters ?? []).map(listenerFilterKind)
}

export function listenerFilterKind(f: ListenerFilter): ListenerFilterKind {
  const id = `${f.name ?? ''} ${String(f.typedConfig?.['@type'] ?? '')}`.toLowerCase()
  for (const kind of ['tls_inspector', 'http_inspector', 'original_dst', 'proxy_protocol', 'original_src'] as const) {
    if (id.includes(kind)) return kind
  }
  return 'other'
}

export interface ListenerStep {
  how: 'capture' | 'hand-off' | 'stay' | 'bound'
  view: ListenerView
  rule: string
  nearMisses: NearMiss[]
  caveats: string[]
}

export interface ListenerSelection {
  steps: ListenerStep[]
  /** set when no listener takes the connection */
  failure?: {rule: string; nearMisses: NearMiss[]; caveats: string[]}
}

const CAPTURE_PORT: Record<Direction, number> = {outbound: 15001, inbound: 15006}
const MAX_NEAR_MISSES = 8

/**
 * Which listener(s) take the connection. On an Istio sidecar, iptables redirects outbound connections to
 * the capture listener (15001; inbound: 15006, or 15001 before Istio 1.3 had 15006); a listener with
 * `use_original_dst` then hands the connection to the listener at the exact original ip:port, else at
 * 0.0.0.0:port, else keeps it. Without a capture listener (gateways, plain Envoy) the connection goes to
 * the bound listener at ip:port, else 0.0.0.0:port; `bind_to_port: false` listeners never accept directly.
 */
export function selectListeners(views: readonly ListenerView[], conn: {destIp?: string; destPort: number; direction: Direction}): ListenerSelection {
  const dest = hostPort(conn.destIp, conn.destPort)
  const capture = findCapture(views, conn.direction)
  if (!capture) return bound(views, conn, dest)

  const steps: ListenerStep[] = []
  const captureCaveats = [`assumes Istio-style iptables capture: ${conn.direction} connections are redirected to port ${capture.port}`]
  if (capture.port !== CAPTURE_PORT[conn.direction]) {
    captureCaveats.push(`this proxy has no ${conn.direction} capture listener on port ${CAPTURE_PORT[conn.direction]}; older Istio (before 1.3) redirected inbound traffic to 15001 as well`)
  }
  steps.push({
    how: 'capture',
    view: capture,
    rule: `${conn.direction} capture listener ${hostPort(capture.ip, capture.port)}${capture.handsOff ? ' (use_original_dst)' : capture.restoresDestination ? ' (original_dst listener filter)' : ''}`,
    nearMisses: [],
    caveats: [...captureCaveats, ...stateCaveats(capture)],
  })
  if (!capture.handsOff) {
    const why = capture.restoresDestination
      ? `the original_dst listener filter restores ${dest} but, without use_original_dst, the connection is not handed off: it stays here and its filter chains see the original destination`
      : `the listener does not restore the original destination (no use_original_dst, no original_dst filter)`
    steps[0].caveats.push(why)
    return {steps}
  }
  const others = views.filter((v) => v !== capture)
  const samePort = others.filter((v) => v.port === conn.destPort)
  const exact = conn.destIp === undefined ? undefined : samePort.find((v) => v.ip === conn.destIp)
  const wildcard = samePort.find((v) => isWildcardIp(v.ip) && (conn.destIp === undefined || isV6(conn.destIp) === isV6(v.ip ?? '')))
  const misses = (chosen?: ListenerView) =>
    capList(
      samePort
        .filter((v) => v !== chosen)
        .map((v) => ({resource: v.name, why: `listens on ${hostPort(v.ip, v.port)}, not ${exact ? 'the exact address' : dest}`})),
    )
  if (exact) {
    steps.push({how: 'hand-off', view: exact, rule: `original-destination hand-off: the listener at exactly ${dest}`, nearMisses: misses(exact), caveats: stateCaveats(exact)})
  } else if (wildcard) {
    const caveats = conn.destIp === undefined ? [`the destination IP is not known: the hand-off can only be traced to the wildcard listener for port ${conn.destPort}`] : []
    steps.push({
      how: 'hand-off',
      view: wildcard,
      rule: `original-destination hand-off: no listener at exactly ${dest}, so the wildcard ${hostPort(wildcard.ip, wildcard.port)}`,
      nearMisses: misses(wildcard),
      caveats: [...caveats, ...stateCaveats(wildcard)],
    })
  } else {
    steps.push({
      how: 'stay',
      view: capture,
      rule: `no listener at ${dest} or ${hostPort(conn.destIp && isV6(conn.destIp) ? '::' : '0.0.0.0', conn.destPort)}: the connection stays on ${capture.name}`,
      nearMisses: misses(),
      caveats: [],
    })
  }
  return {steps}
}

function findCapture(views: readonly ListenerView[], direction: Direction): ListenerView | undefined {
  const capturing = views.filter((v) => v.bindToPort && v.restoresDestination)
  const byPort = (p: number) => capturing.find((v) => v.port === p)
  if (direction === 'inbound') return byPort(15006) ?? byPort(15001)
  return byPort(15001) ?? capturing.find((v) => v.handsOff)
}

function bound(views: readonly ListenerView[], conn: {destIp?: string; destPort: number}, dest: string): ListenerSelection {
  const samePort = views.filter((v) => v.port === conn.destPort)
  const unbound = samePort.filter((v) => !v.bindToPort)
  const listening = samePort.filter((v) => v.bindToPort)
  const exact = conn.destIp === undefined ? undefined : listening.find((v) => v.ip === conn.destIp)
  const wildcard = listening.find((v) => isWildcardIp(v.ip))
  const unboundMisses = unbound.map((v) => ({resource: v.name, why: 'bind_to_port: false — it only receives connections handed off by a use_original_dst listener, and this proxy has none'}))
  const chosen = exact ?? wildcard ?? (conn.destIp === undefined && listening.length === 1 ? listening[0] : undefined)
  if (!chosen) {
    const other = listening.map((v) => ({resource: v.name, why: `listens on ${hostPort(v.ip, v.port)}, not ${dest}`}))
    const ports = [...new Set(views.filter((v) => v.bindToPort).map((v) => v.port))].sort((a, b) => (a ?? 0) - (b ?? 0))
    return {
      steps: [],
      failure: {
        rule: `no listener is bound to ${dest}${ports.length ? ` (listening ports: ${ports.join(', ')})` : ''}`,
        nearMisses: capList([...other, ...unboundMisses]),
        caveats: views.length === 0 ? ['the dump has no active TCP listener'] : [],
      },
    }
  }
  const rule =
    chosen === exact
      ? `the listener bound to exactly ${dest}`
      : chosen === wildcard
        ? `the listener bound to ${hostPort(chosen.ip, chosen.port)} (every address on port ${conn.destPort})`
        : `the only listener on port ${conn.destPort}`
  const caveats = chosen !== exact && chosen !== wildcard ? [`the destination IP is not known; ${chosen.name} listens on ${hostPort(chosen.ip, chosen.port)} only`] : []
  const misses = listening.filter((v) => v !== chosen).map((v) => ({resource: v.name, why: `listens on ${hostPort(v.ip, v.port)}; the more specific bound address wins`}))
  return {steps: [{how: 'bound', view: chosen, rule, nearMisses: capList([...misses, ...unboundMisses]), caveats: [...caveats, ...stateCaveats(chosen)]}]}
}

function stateCaveats(v: ListenerView): string[] {
  return v.otherStates.length > 0 ? [`${v.name} also has a ${v.otherStates.join(' and a ')} version (an update in progress); the active one is traced`] : []
}

function capList(misses: NearMiss[]): NearMiss[] {
  if (misses.length <= MAX_NEAR_MISSES) return misses
  return [...misses.slice(0, MAX_NEAR_MISSES), {resource: `…and ${misses.length - MAX_NEAR_MISSES} more`, why: 'listeners on the same port'}]
}
