/**
 * Just enough HTTP/1.1 to make one request to Envoy's admin API over a raw byte stream (a port-forward
 * channel): write the request, then feed the response bytes to ResponseReader until it says it is complete.
 * Pure: no sockets here.
 */

export interface AdminResponse {
  status: number
  headers: Record<string, string>
  /** The whole body (joined when first read, for a body read in pieces). */
  readonly body: Buffer
  /** The body as it arrived, in pieces, where it did: a reader can parse them without joining them (byte-window.ts). */
  readonly pieces?: readonly Buffer[]
}

export function formatRequest(method: 'GET' | 'POST', path: string): Buffer {
  const target = path.startsWith('/') ? path : `/${path}`
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: localhost', 'User-Agent: meshscope', 'Accept: */*', 'Connection: close']
  if (method === 'POST') lines.push('Content-Length: 0')
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
}

type Framing = {kind: 'length'; length: number} | {kind: 'chunked'} | {kind: 'close'}

/** Incremental parser of one HTTP/1.1 response (Content-Length, chunked, or delimited by connection close). */
export class ResponseReader {
  private buffered: Buffer = Buffer.alloc(0)
  private head?: {status: number; headers: Record<string, string>; framing: Framing}
  private chunks: Buffer[] = []
  private bodyBytes = 0
  private complete = false
  /** chunked framing: bytes of the current chunk's data still to come, then its CRLF */
  private chunkLeft = 0

  /** Adds bytes; returns true once the whole response has arrived. */
  push(bytes: Buffer): boolean {
    if (this.complete) return true
    // a body arrives in many frames: join only what is left over from the previous frame
    this.buffered = this.buffered.length === 0 ? bytes : Buffer.concat([this.buffered, bytes])
    if (!this.head && !this.readHead()) return false
    this.readBody()
    return this.complete
  }

  get done(): boolean {
    return this.complete
  }

  /** Bytes of body received so far, and how many were announced (undefined when not known). */
  progress(): {received: number; expected?: number; headers: boolean} {
    const framing = this.head?.framing
    return {received: this.bodyBytes, expected: framing?.kind === 'length' ? framing.length : undefined, headers: this.head !== undefined}
  }

  /** Called when the stream ends: a close-delimited body is complete now; anything else is truncated. */
  end(): boolean {
    if (!this.complete && this.head?.framing.kind === 'close') {
      this.keep(this.buffered)
      this.bodyBytes += this.buffered.length
      this.buffered = Buffer.alloc(0)
      this.complete = true
    }
    return this.complete
  }

  response(): AdminResponse {
    if (!this.head || !this.complete) throw new Error('response is not complete')
    const pieces = this.chunks
    let body: Buffer | undefined
    return {
      status: this.head.status,
      headers: this.head.headers,
      pieces,
      get body() {
        body ??= Buffer.concat(pieces)
        return body
      },
    }
  }

  /** A piece of the body (the frames it arrived in; none empty). */
  private keep(piece: Buffer): void {
    if (piece.length > 0) this.chunks.push(piece)
  }

  private readHead(): boolean {
    const end = this.buffered.indexOf('\r\n\r\n')
    if (end < 0) return false
    const lines = this.buffered.subarray(0, end).toString('latin1').split('\r\n')
    this.buffered = this.buffered.subarray(end + 4)
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')
    if (!m) throw new Error(`not an HTTP response: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`)
    const headers: Record<string, string> = {}
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':')
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    let framing: Framing = {kind: 'close'}
    if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) framing = {kind: 'chunked'}
    else if (headers['content-length'] !== undefined) framing = {kind: 'length', length: Number(headers['content-length'])}
    this.head = {status: Number(m[1]), headers, framing}
    return true
  }

  private readBody(): void {
    const framing = this.head!.framing
    if (framing.kind === 'length') {
      const take = this.buffered.subarray(0, framing.length - this.bodyBytes)
      this.keep(take)
      this.bodyBytes += take.length
      this.buffered = this.buffered.subarray(take.length)
      this.complete = this.bodyBytes >= framing.length
    } else if (framing.kind === 'chunked') {
      this.readChunks()
    } else {
      this.keep(this.buffered)
      this.bodyBytes += this.buffered.length
      this.buffered = Buffer.alloc(0)
    }
  }

  /**
   * Chunked framing, taking each chunk's data straight from the frames it arrives in: only a size line or
   * a CRLF cut by a frame boundary is ever joined with the next frame.
   */
  private readChunks(): void {
    for (;;) {
      if (this.chunkLeft > 0) {
        const take = this.buffered.subarray(0, this.chunkLeft)
        this.keep(take)
        this.bodyBytes += take.length
        this.chunkLeft -= take.length
        this.buffered = this.buffered.subarray(take.length)
        if (this.chunkLeft > 0) return
        this.chunkLeft = -2 // the CRLF after the data
      }
      if (this.chunkLeft < 0) {
        if (this.buffered.length < 2) return
        this.buffered = this.buffered.subarray(2)
        this.chunkLeft = 0
      }
      const eol = this.buffered.indexOf('\r\n')
      if (eol < 0) return
      const size = Number.parseInt(this.buffered.subarray(0, eol).toString('latin1').split(';')[0], 16)
      if (Number.isNaN(size)) throw new Error('bad chunk size in a chunked response')
      if (size === 0) {
        // last chunk; trailers (if any) end with an empty line
        if (this.buffered.indexOf('\r\n\r\n', eol) < 0) return
        this.complete = true
        return
      }
      this.buffered = this.buffered.subarray(eol + 2)
      this.chunkLeft = size
    }
  }
}
