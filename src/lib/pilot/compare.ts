import {structuredPatch} from 'diff'
import type {ConfigDump} from '../envoy/config-dump.js'
import {toJsonpb} from '../render/jsonpb.js'

/**
 * proxy-status with a pod: istiod's view of the proxy (/debug/config_dump?proxyID=) against Envoy's own
 * config dump, for clusters, listeners and routes, as istioctl's compare.Comparator does: dynamic resources
 * only, sorted by name, with the noise removed (version_info and last_updated, which differ by design; key
 * order, which the serialiser fixes), written by golang/protobuf jsonpb with a 3-space indent and diffed
 * with 7 lines of context. Pure: two dumps in, three comparisons out.
 */
export type Section = 'Clusters' | 'Listeners' | 'Routes'

export interface SectionComparison {
  section: Section
  match: boolean
  /** unified-diff lines (headers and hunks), empty when the section matches */
  diff: string[]
}

export interface Comparison {
  sections: SectionComparison[]
  /** Envoy's newest route config last_updated (istioctl prints it after "Routes Match") */
  rdsLastLoaded?: string
}

export interface CompareLabels {
  /** istioctl ≤1.6 called istiod "Pilot" in the diff headers */
  controlPlane: string
}

type Raw = Record<string, unknown>

export function compareConfigs(istiod: ConfigDump, envoy: ConfigDump, labels: CompareLabels = {controlPlane: 'Istiod'}): Comparison {
  const sections: SectionComparison[] = (['Clusters', 'Listeners', 'Routes'] as const).map((section) => {
    const istiodEntries = sectionEntries(istiod, section)
    const from = sectionText(istiodEntries, section)
    const to = sectionText(alignKeys(sectionEntries(envoy, section), istiodEntries) as Raw[], section)
    return {section, match: from === to, diff: from === to ? [] : unifiedDiff(from, to, `${labels.controlPlane} ${section}`, `Envoy ${section}`)}
  })
  return {sections, rdsLastLoaded: lastLoaded(envoy)}
}

const SECTION_TYPE: Record<Section, RegExp> = {Clusters: /ClustersConfigDump$/, Listeners: /ListenersConfigDump$/, Routes: /\.RoutesConfigDump$/}
const nameOf: Record<Section, (e: Raw) => string> = {
  Clusters: (e) => String((e.cluster as Raw | undefined)?.name ?? ''),
  Listeners: (e) => String(e.name ?? ((e.activeState as Raw | undefined)?.listener as Raw | undefined)?.name ?? ''),
  Routes: (e) => String((e.routeConfig as Raw | undefined)?.name ?? ''),
}

const FIELD: Record<Section, string> = {Clusters: 'dynamicActiveClusters', Listeners: 'dynamicListeners', Routes: 'dynamicRouteConfigs'}

/** The dynamic entries of a section, versions stripped, sorted by name. */
function sectionEntries(dump: ConfigDump, section: Section): Raw[] {
  const raw = dump.allSections().find((s) => SECTION_TYPE[section].test(String(s['@type']))) ?? {}
  const entries = ((raw[FIELD[section]] ?? []) as Raw[]).map(stripVersions).sort((a, b) => byName(nameOf[section](a), nameOf[section](b)))
  if (section === 'Routes') for (const e of entries) sortVirtualHosts(e)
  // a DynamicListener's own `name` (Envoy ≥1.13) repeats the listener's; istiod's dumps leave it out
  if (section === 'Listeners') for (const e of entries) delete e.name
  return entries
}

/** The section as a ConfigDump message in jsonpb text (golang/protobuf 1.3, 3-space indent). */
function sectionText(entries: Raw[], section: Section): string {
  return toJsonpb(entries.length > 0 ? {[FIELD[section]]: entries} : {}, {indent: '   ', emptyMessageLine: true, v2FilterConfigStruct: true})
}

/**
 * Key order is noise (istioctl re-marshals both sides through the same proto, so fields come out in one
 * order): put each Envoy object's keys in the order the istiod side uses, its own extra keys after.
 */
function alignKeys(value: unknown, like: unknown): unknown {
  if (Array.isArray(value)) return value.map((v, i) => alignKeys(v, Array.isArray(like) ? like[i] : undefined))
  if (!value || typeof value !== 'object') return value
  const v = value as Raw
  const ref = like && typeof like === 'object' && !Array.isArray(like) ? (like as Raw) : {}
  const keys = [...Object.keys(ref).filter((k) => k in v), ...Object.keys(v).filter((k) => !(k in ref))]
  return Object.fromEntries(keys.map((k) => [k, alignKeys(v[k], ref[k])]))
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function stripVersions(entry: Raw): Raw {
  const out: Raw = {}
  for (const [k, v] of Object.entries(entry)) {
    if (k === 'versionInfo' || k === 'lastUpdated') continue
    out[k] = ['activeState', 'warmingState', 'drainingState'].includes(k) && v && typeof v === 'object' ? stripVersions(v as Raw) : v
  }
  return out
}

/** istioctl sorts virtual hosts by name too (their order is not stable across istiod pushes). */
function sortVirtualHosts(entry: Raw): void {
  const rc = entry.routeConfig as Raw | undefined
  if (rc && Array.isArray(rc.virtualHosts)) rc.virtualHosts = [...(rc.virtualHosts as Raw[])].sort((a, b) => byName(String(a.name), String(b.name)))
}

function lastLoaded(envoy: ConfigDump): string | undefined {
  const raw = envoy.allSections().find((s) => SECTION_TYPE.Routes.test(String(s['@type'])))
  const times = ((raw?.dynamicRouteConfigs ?? []) as Raw[]).map((e) => e.lastUpdated).filter((t): t is string => typeof t === 'string')
  return times.sort().at(-1)
}

/** A unified diff as go-difflib writes it: `--- A`, `+++ B`, hunks with 7 lines of context. */
function unifiedDiff(from: string, to: string, fromLabel: string, toLabel: string): string[] {
  const patch = structuredPatch(fromLabel, toLabel, `${from}\n`, `${to}\n`, undefined, undefined, {context: 7})
  const lines = [`--- ${fromLabel}`, `+++ ${toLabel}`]
  for (const h of patch.hunks) {
    lines.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`)
    for (const l of h.lines) if (!l.startsWith('\\')) lines.push(l)
  }
  return lines
}

/** difflib's range: `start,len`, just `start` for one line, `start-1,0` for none. */
function range(start: number, length: number): string {
  if (length === 1) return `${start}`
  if (length === 0) return `${start - 1},0`
  return `${start},${length}`
}
