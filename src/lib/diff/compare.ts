import type {ConfigDump, DumpEntry} from '../envoy/config-dump.js'
import type {ClusterLoadAssignment} from '../envoy/types.js'
import {stripNoise} from './normalize.js'

export const DIFF_KINDS = ['clusters', 'listeners', 'routes', 'endpoints'] as const
export type DiffKind = (typeof DIFF_KINDS)[number]

/** One field that differs: a JSON path (`.connectTimeout`, `.virtualHosts[0].routes[2]`) and both values (absent = undefined). */
export interface FieldChange {
  path: string
  a?: unknown
  b?: unknown
}

export interface KindDiff {
  onlyInA: string[]
  onlyInB: string[]
  changed: {name: string; changes: FieldChange[]}[]
}

export interface DiffResult {
  a: string
  b: string
  same: boolean
  kinds: Record<DiffKind, KindDiff>
}

/** The resources of a kind by name, without noise; a resource not ACTIVE carries its state so a state change shows. */
function byName<T>(entries: readonly DumpEntry<T>[], shape: (r: T) => unknown = (r) => r): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const e of entries) {
    if (out.has(e.name) && e.state !== 'ACTIVE') continue
    const value = stripNoise(shape(e.resource))
    out.set(e.name, e.state === 'ACTIVE' ? value : {state: e.state, resource: value})
  }
  return out
}

/** Endpoint order inside an assignment is not behaviour: compare each locality's endpoints sorted. */
function sortedEndpoints(cla: ClusterLoadAssignment): unknown {
  const key = (v: unknown) => JSON.stringify(stripNoise(v))
  const endpoints = (cla.endpoints ?? [])
    .map((group) => ({...group, lbEndpoints: [...(group.lbEndpoints ?? [])].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0))}))
    .sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0))
  return {...cla, endpoints}
}

function resources(dump: ConfigDump): Record<DiffKind, Map<string, unknown>> {
  return {
    clusters: byName(dump.clusters),
    listeners: byName(dump.listeners),
    routes: byName(dump.routeConfigs),
    endpoints: byName(dump.endpointConfigs, sortedEndpoints),
  }
}

/** Field-level differences of two noise-free values. */
export function fieldChanges(a: unknown, b: unknown, path = ''): FieldChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return []
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object'
  if (bothObjects && Array.isArray(a) === Array.isArray(b)) {
    const out: FieldChange[] = []
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...fieldChanges(a[i], b[i], `${path}[${i}]`))
      return out
    }
    const ra = a as Record<string, unknown>
    const rb = b as Record<string, unknown>
    for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) out.push(...fieldChanges(ra[k], rb[k], `${path}.${k}`))
    return out
  }
  const change: FieldChange = {path: path || '.'}
  if (a !== undefined) change.a = a
  if (b !== undefined) change.b = b
  return [change]
}

const sorted = (names: Iterable<string>) => [...names].sort()

/** Compares two proxies' clusters, listeners, route configs and EDS endpoints by name. */
export function diffDumps(a: ConfigDump, b: ConfigDump, labels: {a: string; b: string}): DiffResult {
  const ra = resources(a)
  const rb = resources(b)
  const kinds = {} as Record<DiffKind, KindDiff>
  let same = true
  for (const kind of DIFF_KINDS) {
    const ma = ra[kind]
    const mb = rb[kind]
    const d: KindDiff = {
      onlyInA: sorted([...ma.keys()].filter((n) => !mb.has(n))),
      onlyInB: sorted([...mb.keys()].filter((n) => !ma.has(n))),
      changed: [],
    }
    for (const name of sorted(ma.keys())) {
      if (!mb.has(name)) continue
      const changes = fieldChanges(ma.get(name), mb.get(name))
      if (changes.length > 0) d.changed.push({name, changes})
    }
    if (d.onlyInA.length + d.onlyInB.length + d.changed.length > 0) same = false
    kinds[kind] = d
  }
  return {a: labels.a, b: labels.b, same, kinds}
}
