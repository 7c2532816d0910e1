import {isAscii} from 'node:buffer'
import {closeSync, openSync, readSync} from 'node:fs'

/** Reads up to `length` bytes into `into` at `offset`, the input's next bytes in order; 0 at its end. */
export type Pull = (into: Buffer, offset: number, length: number) => number

/** Bytes pulled at a time from a file: 1 MB reads cost 7 ms for 19 MB on the bench machine, one 19 MB read 60 ms. */
const CAPACITY = 1 << 20

/**
 * The buffer of the last window closed, for the next one. Fresh memory is dear on the bench machine (see
 * ByteWindow), and check over a fleet reads a few bodies per pod through windows, one after another (they
 * are parsed synchronously), so one buffer serves them all.
 */
let spare: Buffer | undefined
/** A buffer that grew past this is let go rather than kept. */
const MAX_SPARE = 4 * CAPACITY

/**
 * A document's bytes, read front to back through a window. Positions are absolute (from the start of the
 * document). A reader says which bytes it will not read again (`release`), and the window keeps only the
 * rest: a 190 MB file is read through a buffer of about 1 MB, reused.
 *
 * Why: on the bench machine (a sandboxed kernel) every fresh page of memory costs about 13 µs to fill and
 * 6 µs more on its first read, so reading a 19 MB dump into one buffer cost 60 ms and touching it again
 * 27 ms; read in 1 MB pieces into the same buffer, 7 ms, and the buffer's 19 MB are never resident.
 *
 * A window over bytes already in memory (`of`) holds them all and never pulls.
 */
export class ByteWindow {
  /** buf[0] is the byte at `base`; bytes are held up to `end` (buf may be longer: what is past `end` is stale). */
  private buf: Buffer
  private base = 0
  private end: number
  /**
   * Every byte pulled so far is ASCII (Envoy's dumps are): decode as ASCII, about 6× faster than UTF-8.
   * For bytes held whole, checked when first decoded (a window may only look at a byte or two).
   */
  private ascii: boolean | undefined
  /** Bytes before this position are not read again. */
  private mark = 0
  private done: boolean
  private closed = false

  private constructor(
    buf: Buffer,
    end: number,
    private readonly pull: Pull | undefined,
    private readonly onClose: () => void,
  ) {
    this.buf = buf
    this.end = end
    this.done = pull === undefined
    this.ascii = pull === undefined ? undefined : true
  }

  /** A window over bytes in memory: all of them, held as they are. */
  static of(bytes: Buffer): ByteWindow {
    return new ByteWindow(bytes, bytes.length, undefined, () => {})
  }

  /** A window over whatever `pull` reads, in order. */
  static pulling(pull: Pull, onClose: () => void = () => {}, capacity = CAPACITY): ByteWindow {
    // (a window asked for a smaller buffer, a test's, gets one)
    const reused = capacity === CAPACITY ? spare : undefined
    if (reused) spare = undefined
    return new ByteWindow(reused ?? Buffer.allocUnsafe(capacity), 0, pull, onClose)
  }

  /** A window over pieces of one body, in order (a body read from a socket): they are never joined. */
  static pieces(pieces: readonly Buffer[]): ByteWindow {
    if (pieces.length === 1) return ByteWindow.of(pieces[0])
    let i = 0
    let at = 0
    return ByteWindow.pulling((into, offset, length) => {
      let n = 0
      while (n < length && i < pieces.length) {
        const piece = pieces[i]
        const copied = piece.copy(into, offset + n, at, Math.min(piece.length, at + length - n))
        n += copied
        at += copied
        if (at === piece.length) {
          i++
          at = 0
        }
      }
      return n
    })
  }

  /** A window over a file, read with synchronous reads (the parsers that use it are synchronous). */
  static file(path: string): ByteWindow {
    const fd = openSync(path, 'r')
    let position = 0
    const pull: Pull = (into, offset, length) => {
      const n = readSync(fd, into, offset, length, position)
      position += n
      return n
    }
    return ByteWindow.pulling(pull, () => closeSync(fd))
  }

  /** The byte at `p`, or -1 past the end of the input. */
  at(p: number): number {
    if (p < this.end) return this.buf[p - this.base]
    return this.fill(p + 1) > p ? this.buf[p - this.base] : -1
  }

  /** Holds the bytes up to `to` (from the mark on), or up to the end of the input; returns how far it holds. */
  fill(to: number): number {
    while (this.end < to && !this.done) this.pullMore(to)
    return Math.min(to, this.end)
  }

  /** The reader will not read bytes before `p` again. */
  release(p: number): void {
    if (p > this.mark) this.mark = p
  }

  /**
   * Where `needle` first starts in [from, limit), or -1. Pulls as far as it must; `drop`: the bytes it has
   * searched are released (skipping what is not read).
   */
  indexOf(needle: Buffer | number, from: number, limit = Number.POSITIVE_INFINITY, drop = false): number {
    const n = typeof needle === 'number' ? 1 : needle.length
    let at = from
    for (;;) {
      const stop = Math.min(limit, this.end)
      if (stop - at >= n) {
        const found = this.buf.subarray(at - this.base, stop - this.base).indexOf(needle)
        if (found >= 0) return at + found
        at = stop - n + 1
      }
      if (stop >= limit || this.done) return -1
      if (drop) this.release(at)
      this.fill(this.end + 1)
    }
  }

  /** Whether the bytes at `p` are `prefix`. */
  startsWith(p: number, prefix: Buffer): boolean {
    if (this.fill(p + prefix.length) < p + prefix.length) return false
    return this.buf.compare(prefix, 0, prefix.length, p - this.base, p - this.base + prefix.length) === 0
  }

  /** The text of [start, end), which the window holds (see fill). */
  text(start: number, end: number): string {
    this.ascii ??= isAscii(this.buf)
    return this.buf.toString(this.ascii ? 'ascii' : 'utf8', start - this.base, end - this.base)
  }

  /**
   * The held bytes from `from` to `to`, for a scan in a tight loop: `bytes[p - offset]` is the byte at `p`.
   * Valid until the window next pulls.
   */
  view(from: number, to: number): {bytes: Buffer; offset: number} {
    if (from < this.base || to > this.end) throw new RangeError(`bytes ${from}–${to} are not held`)
    return {bytes: this.buf, offset: this.base}
  }

  /** Ends the reading; the window's own buffer goes to the next window (see `spare`). */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.onClose()
    if (this.pull !== undefined && this.buf.length <= MAX_SPARE) spare = this.buf
  }

  private pullMore(to: number): void {
    const pull = this.pull as Pull
    if (to - this.base > this.buf.length || this.end - this.base === this.buf.length) {
      // no room after `end`: move what is kept to the front, into a larger buffer when it must grow
      // (a mark past `end` keeps nothing: the bytes up to it are pulled, and dropped at the next move)
      const keepFrom = Math.min(this.mark, this.end)
      const [from, kept] = [keepFrom - this.base, this.end - this.base]
      const size = Math.max(to - keepFrom, kept - from + 1)
      if (size > this.buf.length) {
        const grown = Buffer.allocUnsafe(Math.max(size, 2 * this.buf.length))
        this.buf.copy(grown, 0, from, kept)
        this.buf = grown
      } else {
        this.buf.copyWithin(0, from, kept)
      }
      this.base = keepFrom
    }
    const at = this.end - this.base
    const n = pull(this.buf, at, this.buf.length - at)
    if (n === 0) {
      this.done = true
      return
    }
    if (this.ascii) this.ascii = isAscii(this.buf.subarray(at, at + n))
    this.end += n
  }
}

/** Where the JSON whitespace (space, tab, CR, LF) that starts at `at` ends. */
export function skipSpace(window: ByteWindow, at: number): number {
  let i = at
  for (let c = window.at(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = window.at(++i));
  return i
}
