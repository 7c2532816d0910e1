/**
 * The on-disk layout of a capture bundle:
 *
 *   DIR/manifest.json                          what was captured, when, from where, and what failed
 *   DIR/pods/<namespace>/<name>/<file>         one directory per proxy, one file per admin path below
 *   DIR/istiod/syncz.json                      istiod's /debug/syncz, when istiod was reachable
 */
export const MANIFEST = 'manifest.json'
export const BUNDLE_KIND = 'meshscope-bundle'
export const BUNDLE_VERSION = 1

/** The admin API paths a capture records per proxy, and the file each goes to. */
export const CAPTURES = [
  {key: 'config_dump', path: 'config_dump?include_eds=true', file: 'config_dump.json', required: true},
  {key: 'clusters', path: 'clusters?format=json', file: 'clusters.json', required: false},
  {key: 'stats', path: 'stats?format=json', file: 'stats.json', required: false},
  {key: 'certs', path: 'certs', file: 'certs.json', required: false},
  {key: 'server_info', path: 'server_info', file: 'server_info.json', required: false},
  {key: 'ready', path: 'ready', file: 'ready.txt', required: false},
] as const

export type CaptureKey = (typeof CAPTURES)[number]['key']

export const SYNCZ_FILE = 'istiod/syncz.json'

export interface ManifestPod {
  /** `name.namespace`, what check and the other commands call the proxy */
  proxy: string
  name: string
  namespace: string
  /** relative to the bundle */
  dir: string
  /** captured files by key */
  files: Partial<Record<CaptureKey, string>>
  /** paths that could not be read, by key: the error code and message, replayed when the path is read from the bundle */
  errors: Partial<Record<CaptureKey, {code: string; message: string}>>
}

export interface Manifest {
  kind: typeof BUNDLE_KIND
  version: number
  createdAt: string
  context?: string
  pods: ManifestPod[]
  /** proxies that could not be captured at all */
  failed: {proxy: string; code: string; message: string}[]
  istiod: {file: string} | {error: string}
}

export const podDir = (namespace: string, name: string) => `pods/${namespace}/${name}`

/** The capture key an admin path is answered from (`config_dump?mask=…` → config_dump), if any. */
export function captureKeyOf(adminPath: string): CaptureKey | undefined {
  const base = adminPath.replace(/^\//, '').split('?')[0]
  return CAPTURES.find((c) => c.key === base)?.key
}
