import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {MeshscopeError, messageOf} from '../cli/errors.js'
import {ExitCode, type ExitCodeName} from '../cli/exit-codes.js'
import type {ProxyLocator} from '../cli/proxy-command.js'
import {bytesInput, type InputText, readInput} from '../source/input.js'
import type {ProxySource} from '../source/proxy-source.js'
import {BUNDLE_KIND, CAPTURES, captureKeyOf, MANIFEST, type Manifest, type ManifestPod} from './layout.js'

/** A bundle written by `meshscope capture`, opened read-only. */
export class Bundle {
  private constructor(
    readonly dir: string,
    readonly manifest: Manifest,
  ) {}

  static async open(dir: string): Promise<Bundle> {
    const path = join(dir, MANIFEST)
    let manifest: Manifest
    try {
      manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new MeshscopeError(code === 'ENOENT' || code === 'ENOTDIR' ? 'INPUT_UNREADABLE' : 'INPUT_INVALID', `${dir} is not a meshscope bundle: cannot read ${path} (${messageOf(err)})`, [
        'Write one with: meshscope capture POD... --out DIR',
      ])
    }
    if (manifest?.kind !== BUNDLE_KIND || !Array.isArray(manifest.pods)) {
      throw new MeshscopeError('INPUT_INVALID', `${path} is not a meshscope bundle manifest`, ['Write one with: meshscope capture POD... --out DIR'])
    }
    return new Bundle(dir, manifest)
  }

  /** The pod `name`, `name.namespace` (or `kind/name…`, matched by name) names; namespace narrows the match. */
  find(arg: string, namespace?: string): ManifestPod {
    const bare = arg.includes('/') ? arg.slice(arg.indexOf('/') + 1) : arg
    const hits = this.manifest.pods.filter((p) => p.proxy === bare || (p.name === bare && (namespace === undefined || p.namespace === namespace)))
    if (hits.length === 1) return hits[0]
    const known = this.manifest.pods.map((p) => p.proxy)
    if (hits.length > 1) throw new MeshscopeError('USAGE', `${arg} names several pods in the bundle ${this.dir}: ${hits.map((p) => p.proxy).join(', ')}`, ['Name it as NAME.NAMESPACE'])
    throw new MeshscopeError('POD_NOT_FOUND', `the bundle ${this.dir} has no pod ${arg}`, [known.length > 0 ? `Pods in it: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}` : 'The bundle has no pods'])
  }

  /** istiod's captured /debug/syncz, or why the capture has none. */
  async syncz(): Promise<{istiod: string; body: string} | string> {
    const istiod = this.manifest.istiod
    // worded as the live read words it, so check --bundle reports what the live run did
    if (!istiod || 'error' in istiod) return `istiod's sync status could not be read: ${istiod?.error ?? 'not recorded in the manifest'}`
    return {istiod: `captured in ${this.dir}`, body: await readFile(join(this.dir, istiod.file), 'utf8')}
  }

  source(pod: ManifestPod): BundleSource {
    return new BundleSource(this.dir, pod)
  }
}

/** One proxy of a bundle, answering admin paths from the files captured for them. */
export class BundleSource implements ProxySource {
  constructor(
    private readonly dir: string,
    readonly pod: ManifestPod,
  ) {}

  get label(): string {
    return `pod ${this.pod.proxy} (bundle ${this.dir})`
  }

  get(path: string): Promise<InputText> {
    const key = captureKeyOf(path)
    const file = key && this.pod.files[key]
    const failed = key && this.pod.errors[key]
    // replay what the live read said, so a command (and check) answers from the bundle as it did from the pod
    if (failed && isExitCodeName(failed.code)) throw new MeshscopeError(failed.code, failed.message)
    if (!key || !file) {
      const why = failed ? `: capture could not read it (${failed.message})` : key ? '' : ` (a bundle holds ${CAPTURES.map((c) => `/${c.key}`).join(', ')})`
      throw new MeshscopeError('INPUT_UNREADABLE', `the bundle ${this.dir} has no /${path.split('?')[0]} for ${this.pod.proxy}${why}`, ['Capture again with a newer meshscope, or read the pod live'])
    }
    return this.read(join(this.dir, this.pod.dir, file))
  }

  /** The file as captured, even when empty: a live read does not reject an empty answer either. */
  private async read(path: string): Promise<InputText> {
    try {
      return bytesInput(this.label, await readFile(path))
    } catch {
      return readInput(path) // for its error message
    }
  }

  async close(): Promise<void> {}
}

/** The ProxySource a command reads with `--bundle DIR`: the pod it names, from the bundle. */
export async function openBundleSource(dir: string, where: ProxyLocator, namespace?: string): Promise<BundleSource> {
  if (where.kind !== 'pod') {
    throw new MeshscopeError('USAGE', '--bundle reads the pods of a bundle: name a pod, not --file or --admin-url', ['meshscope proxy-config cluster POD[.NAMESPACE] --bundle DIR'])
  }
  const bundle = await Bundle.open(dir)
  const name = where.target.namespace ? `${where.target.name}.${where.target.namespace}` : where.target.name
  return bundle.source(bundle.find(name, where.target.namespace ? undefined : namespace))
}

const isExitCodeName = (code: string): code is ExitCodeName => Object.hasOwn(ExitCode, code)
