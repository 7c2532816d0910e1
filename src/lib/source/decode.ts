import {isAscii} from 'node:buffer'

/**
 * Decodes UTF-8 bytes. Envoy's dumps are almost always pure ASCII (non-ASCII text is escaped by its JSON
 * printer only sometimes, so it is checked, not assumed): for those, an ASCII decode gives the same string
 * about 6× faster than the UTF-8 decoder (14 ms against 83 ms for a warm 19 MB buffer on the bench
 * machine), after a check that costs 0.6 ms there.
 */
export function decodeUtf8(bytes: Buffer, start = 0, end = bytes.length): string {
  const part = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end)
  return isAscii(part) ? part.toString('ascii') : part.toString('utf8')
}
