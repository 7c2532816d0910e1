import {readFileSync} from 'node:fs'
import {readFile, stat} from 'node:fs/promises'
import {gunzipSync} from 'node:zlib'
import {MeshscopeError, messageOf} from '../cli/errors.js'
import {ByteWindow, skipSpace} from './byte-window.js'
import {decodeUtf8} from './decode.js'

/** What a source read (a file, stdin, an admin API answer), with a label for messages. */
export interface InputText {
  readonly label: string
  /** The whole text, decoded when first read. */
  readonly text: string
  /**
   * The bytes front to back, for a reader that parses them in pieces (pretty-json.ts): a file is then read
   * through a window of about 1 MB and never held whole. The caller closes it.
   */
  window?(): ByteWindow
}

/** An InputText over bytes, decoded as UTF-8 only if something reads `text`. */
export function bytesInput(label: string, bytes: Buffer): InputText {
  let raw: Buffer | undefined = bytes
  let text: string | undefined
  return {
    label,
    window: () => ByteWindow.of(raw ?? Buffer.from(text as string)),
    get text() {
      if (text === undefined) {
        text = decodeUtf8(raw as Buffer)
        raw = undefined
      }
      return text
    },
  }
}

/**
 * An InputText over a body that arrived in pieces (an admin API answer over a port-forward): parsed through a
 * window over the pieces, and joined only if something reads `text`.
 */
export function piecesInput(label: string, pieces: readonly Buffer[]): InputText {
  let text: string | undefined
  return {
    label,
    window: () => ByteWindow.pieces(pieces),
    get text() {
      text ??= decodeUtf8(Buffer.concat(pieces))
      return text
    },
  }
}

/** An InputText over a regular file, read when asked for, as a whole (`text`) or through a window. */
function fileInput(label: string, path: string): InputText {
  let text: string | undefined
  return {
    label,
    window: () => {
      try {
        return ByteWindow.file(path)
      } catch (err) {
        throw unreadable(path, err) // gone since readInput looked
      }
    },
    get text() {
      if (text === undefined) {
        try {
          text = decodeUtf8(readFileSync(path))
        } catch (err) {
          throw unreadable(path, err)
        }
      }
      return text
    },
  }
}

/**
 * Reads `path` (or stdin for `-`); a gzip stream is recognised by its magic bytes, not by its name. A
 * regular file is only checked here (that it opens, is not compressed and not blank) and read by its reader.
 */
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
      if ((await stat(path)).isFile()) {
        const window = ByteWindow.file(path)
        try {
          if (!isGzip(window) && !isBlank(window)) return fileInput(label, path)
        } finally {
          window.close()
        }
      }
      bytes = await readFile(path)
    } catch (err) {
      throw unreadable(path, err)
    }
  }
  if (isGzip(ByteWindow.of(bytes))) {
    try {
      bytes = gunzipSync(bytes)
    } catch (err) {
      throw new MeshscopeError('INPUT_INVALID', `${label} looks gzip-compressed but does not decompress (${messageOf(err)})`, [
        'Check that the file was copied completely',
      ])
    }
  }
  if (isBlank(ByteWindow.of(bytes))) {
    throw new MeshscopeError('INPUT_INVALID', `${label} is empty`, ['Expected the output of the Envoy admin API, e.g. curl -s localhost:15000/config_dump'])
  }
  return bytesInput(label, bytes)
}

/** gzip's magic bytes. */
function isGzip(w: ByteWindow): boolean {
  return w.at(0) === 0x1f && w.at(1) === 0x8b
}

/** Only JSON whitespace (or nothing): the first byte that is not space, tab, CR or LF says otherwise. */
function isBlank(w: ByteWindow): boolean {
  return w.at(skipSpace(w, 0)) === -1
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
