import {existsSync, rmSync} from 'node:fs'
import {mkdir, rename, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'
import {MeshscopeError, messageOf} from '../cli/errors.js'
import {MANIFEST, type Manifest} from './layout.js'

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * Writes a bundle into a hidden temp directory beside the target and renames it into place at the end, so
 * the target either does not exist or is complete. On SIGINT/SIGTERM/SIGHUP the temp directory is removed
 * before the process dies of the signal; a failed capture removes it too.
 */
export class BundleWriter {
  private readonly onSignal = (signal: NodeJS.Signals) => {
    rmSync(this.tmp, {recursive: true, force: true})
    this.unhook()
    process.kill(process.pid, signal)
  }

  private constructor(
    readonly out: string,
    readonly tmp: string,
  ) {}

  static async create(out: string): Promise<BundleWriter> {
    const target = resolve(out)
    if (existsSync(target)) {
      throw new MeshscopeError('USAGE', `${out} already exists: capture writes a new directory and never overwrites one`, ['Pick another --out, or remove the old bundle first'])
    }
    const tmp = join(dirname(target), `.${basename(target)}.partial-${process.pid}`)
    try {
      await mkdir(tmp, {recursive: true})
    } catch (err) {
      throw new MeshscopeError('INPUT_UNREADABLE', `cannot create ${tmp}: ${messageOf(err)}`, ['Check that the parent directory of --out exists and is writable'])
    }
    const writer = new BundleWriter(target, tmp)
    for (const s of SIGNALS) process.once(s, writer.onSignal)
    return writer
  }

  async write(relative: string, content: string | Buffer): Promise<void> {
    const path = join(this.tmp, relative)
    await mkdir(dirname(path), {recursive: true})
    await writeFile(path, content)
  }

  /** Removes a file or directory written earlier (a proxy that failed half way). */
  async remove(relative: string): Promise<void> {
    await rm(join(this.tmp, relative), {recursive: true, force: true})
  }

  /** Writes the manifest last, then moves the whole directory into place. */
  async commit(manifest: Manifest): Promise<void> {
    await this.write(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`)
    await rename(this.tmp, this.out)
    this.unhook()
  }

  async abort(): Promise<void> {
    await rm(this.tmp, {recursive: true, force: true})
    this.unhook()
  }

  private unhook(): void {
    for (const s of SIGNALS) process.removeListener(s, this.onSignal)
  }
}
