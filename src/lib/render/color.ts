/**
 * Colour on a stream: NO_COLOR (any non-empty value) turns it off, FORCE_COLOR (other than 0/false)
 * turns it on, and otherwise only a TTY gets colour. https://no-color.org
 */
export function colorEnabled(stream: {isTTY?: boolean}, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return stream.isTTY === true
}

export interface Paint {
  bold(s: string): string
  dim(s: string): string
  red(s: string): string
  green(s: string): string
  yellow(s: string): string
  cyan(s: string): string
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`
const identity = (s: string) => s

/** ANSI styles, or plain text when colour is off. Tiny on purpose: it is on every command's start-up path. */
export function paint(enabled: boolean): Paint {
  if (!enabled) return {bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity}
  return {bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39)}
}
