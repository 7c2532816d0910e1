import {readFile} from 'node:fs/promises'
import {gunzipSync} from 'node:zlib'
import {MeshscopeError, messageOf} from '../cli/errors.js'
import {decodeUtf8} from './decode.js'

/** What a source read (a file, stdin, an admin API answer), with a label for messages. */
export interface InputText {
  readonly label: string
  /** The whole text; decoded on first read when the source had bytes. */
  readonly text: string
  /**
   * The bytes, where the source read bytes, until `text` is read: a reader parses part of a large dump from
   * them (read-dump.ts) or reads the text, and a 190 MB dump is not held twice.
   */
  readonly bytes?: Buffer
}

/** An InputText over bytes, decoded as UTF-8 only if something reads `text`. */
export function bytesInput(label: string, bytes: Buffer): InputText {
  let raw: Buffer | undefined = bytes
  let text: string | undefined
  return {
    label,
    get bytes() {
      return raw
    },
    get text() {
      if (text === undefined) {
        text = decodeUtf8(raw as Buffer)
        raw = undefined
      }
      return text
    },
  }
}

/** Reads `path` (or stdin for `-`); a gzip stream is recognised by its magic bytes, not by its name. */
export async function readInput(path: string, stdin: NodeJS.ReadableStream & {isTTY?: boolean} = process.stdin): Promise<InputText> {
  const label = path === '-' ? 'stdin' : path
  let bytes: Buffer
  if (path === '-') {
    if (stdin.isTTY) {
      throw new MeshscopeError('INPUT_UNREADABLE', '-f - reads a dump from stdin, but stdin is a terminal', [
        'Pipe a dump in: curl -s localhost:15000/config_dump | meshscope proxy-config cluster -f -',
      ])
    }
    bytes = await readAll(stdin)
  } else {
    try {
      bytes = await readFile(path)
    } catch (err) {
      throw unreadable(path, err)
    }
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes)
    } catch (err) {
      throw new MeshscopeError('INPUT_INVALID', `${label} looks gzip-compressed but does not decompress (${messageOf(err)})`, [
        'Check that the file was copied completely',
      ])
    }
  }
  if (isBlank(bytes)) {
    throw new MeshscopeError('INPUT_INVALID', `${label} is empty`, ['Expected the output of the Envoy admin API, e.g. curl -s localhost:15000/config_dump'])
  }
  return bytesInput(label, bytes)
}

/** Only JSON whitespace (or nothing): the first byte that is not space, tab, CR or LF says otherwise. */
function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false
  return true
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks)
}

function unreadable(path: string, err: unknown): MeshscopeError {
  const code = (err as NodeJS.ErrnoException).code
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : messageOf(err)
  return new MeshscopeError('INPUT_UNREADABLE', `cannot read ${path}: ${why}`, ['Check the path, or pass - to read from stdin'])
}
