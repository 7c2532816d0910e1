import {randomBytes} from 'node:crypto'
import {rename, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

/** Writes a file so that readers see the old content or the whole new one: a temp file beside it, then rename. */
export async function writeFileAtomic(path: string, content: string | Buffer): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(tmp, content)
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, {force: true})
    throw err
  }
}
