import type {ProxyLocator} from '../cli/proxy-command.js'
import type {ConfigDump} from '../envoy/config-dump.js'
import {parseConfigDump, type SectionShapes, sectionsOfPath} from '../envoy/read-dump.js'
import {type InputText, readInput} from './input.js'
import type {LiveOptions} from './pod-source.js'

/**
 * Where one proxy's admin API output comes from. A file source answers every path with the file (the user
 * saved the right output); a pod source (live access) GETs the path from Envoy's admin API. Commands name
 * the admin path they would fetch from a live proxy, so that live reads fetch only what the command needs.
 */
export interface ProxySource {
  readonly label: string
  /** GET an admin API path such as `config_dump?mask=dynamic_active_clusters` or `clusters?format=json`. */
  get(path: string): Promise<InputText>
  close(): Promise<void>
}

export class FileSource implements ProxySource {
  constructor(readonly path: string) {}

  get label(): string {
    return this.path === '-' ? 'stdin' : this.path
  }

  get(_path: string): Promise<InputText> {
    return readInput(this.path)
  }

  async close(): Promise<void> {}
}

/**
 * Opens the source a locator names. `options` carries the kube flags of proxyFlags (commands pass their
 * `flags`); the pod branch imports the live-access code, and with it client-node, only when a pod is named.
 */
export async function openProxySource(where: ProxyLocator, options: LiveOptions & {bundle?: string} = {}): Promise<ProxySource> {
  // --bundle DIR: the named pod's files in a capture bundle, so every reading command answers offline
  if (options.bundle !== undefined) return (await import('../bundle/bundle-source.js')).openBundleSource(options.bundle, where, options.namespace)
  if (where.kind === 'file') return new FileSource(where.path)
  const live = await import('./pod-source.js')
  if (where.kind === 'url') return live.AdminUrlSource.open(where.url, options)
  return live.openPodSource(where.target, options)
}

/** Admin paths istioctl uses, so a live read fetches only the sections a command shows. */
export const AdminPath = {
  clusters: 'config_dump?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters',
  listeners: 'config_dump?mask=dynamic_listeners,static_listeners',
  routes: 'config_dump?mask=dynamic_route_configs,static_route_configs',
  bootstrap: 'config_dump?mask=bootstrap',
  secrets: 'config_dump?mask=dynamic_active_secrets,dynamic_warming_secrets',
  full: 'config_dump?include_eds=true',
  /** every section but EDS, which Envoy adds only when asked */
  withoutEds: 'config_dump',
  clusterStatus: 'clusters?format=json',
} as const

/** Fetches and parses a config dump from a source; `shapes`: the only fields some sections are read for. */
export async function readConfigDump(source: ProxySource, path: string, shapes?: SectionShapes): Promise<ConfigDump> {
  const input = await source.get(path)
  return parseConfigDump(input, sectionsOfPath(path), shapes)
}
