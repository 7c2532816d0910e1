import {ByteWindow} from '../../src/lib/source/byte-window.js'
import type {InputText} from '../../src/lib/source/input.js'
import {prng} from './prng.js'

/**
 * A window over `bytes` that pulls them a few at a time (1 to `most` bytes a pull, seeded) into a buffer of
 * `capacity` bytes: every boundary a file read could fall on, in a test's time.
 */
export function trickle(bytes: Buffer, seed = 1, capacity = 64, most = 97): ByteWindow {
  const rand = prng(seed)
  let at = 0
  return ByteWindow.pulling((into, offset, length) => {
    const n = Math.min(length, bytes.length - at, 1 + Math.floor(rand() * most))
    bytes.copy(into, offset, at, at + n)
    at += n
    return n
  }, undefined, capacity)
}

/** An InputText whose window trickles (see trickle), as a file's would pull. */
export function trickleInput(label: string, bytes: Buffer, seed = 1): InputText {
  return {label, window: () => trickle(bytes, seed), text: bytes.toString('utf8')}
}

/** Everything a window holds from its start (nothing released), as text. */
export function windowText(input: InputText): string | undefined {
  const w = input.window?.()
  if (w === undefined) return undefined
  try {
    return w.text(0, w.fill(Number.POSITIVE_INFINITY))
  } finally {
    w.close()
  }
}
