import {type ByteWindow, skipSpace} from '../source/byte-window.js'
import {camelCase, type Shape} from './proto-json.js'

/**
 * Parses a pretty-printed JSON document (Envoy's admin API writes /config_dump with one space per level;
 * jq and Go's json.Indent with two) piece by piece, guided by its layout: a container opened at the end of
 * a line holds one member per line at the next indent, and closes on a line of its own at its own indent.
 * A JSON string cannot hold a raw newline, so those lines can only be structure.
 *
 * Why: JSON.parse needs the whole document as one string, and V8 puts a string over 128 KB in pages of its
 * own, fresh (and so page-faulted) every time. Parsed in runs of members of at most PIECE bytes, a 190 MB
 * dump never exists as a string (190 MB less at peak), and check over a fleet stops paying the faults of a
 * 0.5 MB string per pod. Each byte is searched about once: a member's end is looked for only within the
 * next PIECE bytes, and a member that does not end there is read member by member in turn. It reads front
 * to back, so a file is read through a ByteWindow of about 1 MB and is never held whole either.
 *
 * Any other layout (compact JSON, tabs, CRLF, YAML) is refused (undefined), and the caller parses the text
 * whole; so is a piece that does not parse, and the whole parse then says where the document breaks. The
 * pieces cover every byte and every separator and closing line is checked, so what this accepts, JSON.parse
 * accepts, with the same value.
 */

/** Runs of members up to this size are parsed with one JSON.parse (V8 keeps such strings in its young generation). */
const PIECE = 32 * 1024

const NL = 0x0a
const SPACE = 0x20
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
/** opening bracket → closing bracket: `{` → `}`, `[` → `]` */
const CLOSE: Record<number, number> = {123: 0x7d, 91: 0x5d}

class Refused extends Error {}

export class PrettyJson {
  /** ⏎ + n spaces (key n ≥ 0), and ⏎ + n spaces + a closing bracket (keys below 0) */
  private readonly markers = new Map<number, Buffer>()

  /** `unit`: spaces per level. */
  constructor(
    readonly window: ByteWindow,
    readonly unit: number,
  ) {}

  /** The layout of a whole document, or undefined when it is not pretty-printed with a container at the top. */
  static of(window: ByteWindow): PrettyJson | undefined {
    const start = skipSpace(window, 0)
    if (CLOSE[window.at(start)] === undefined || window.at(start + 1) !== NL) return undefined
    const unit = countSpaces(window, start + 2)
    return unit === 0 ? undefined : new PrettyJson(window, unit)
  }

  /** The whole document's value, or undefined when it is not laid out as it claims (parse it whole). */
  parse(): unknown {
    const start = skipSpace(this.window, 0)
    return this.attempt(() => {
      const {value, end} = this.container(start, 0)
      if (this.window.at(skipSpace(this.window, end)) !== -1) throw new Refused()
      return value
    })
  }

  /**
   * The container that opens at `start`, on a line indented `indent`, and where it ends; undefined when it
   * is not laid out as it claims. With a `shape`, only the members it names are kept (see `container`).
   */
  containerAt(start: number, indent: number, shape?: Shape): {value: unknown; end: number} | undefined {
    return this.attempt(() => this.container(start, indent, shape))
  }

  private attempt<T>(read: () => T): T | undefined {
    try {
      return read()
    } catch (err) {
      // RangeError: nested deeper than the stack allows; JSON.parse, which does not recurse, reads it whole
      if (err instanceof Refused || err instanceof SyntaxError || err instanceof RangeError) return undefined
      throw err
    }
  }

  /**
   * Reads the container that opens at `start` (its bracket ends the line) and returns where it ends.
   *
   * With a `shape`, only the members it names (by proto name, in either spelling) are kept, and each element
   * of an array alike: a table of 18,000 clusters keeps three fields of each. Runs are parsed whole and then
   * pruned, so what is dropped dies young; a member larger than a piece that is not named is skipped by the
   * layout, as readSections skips a section, and is not checked to be valid JSON.
   */
  private container(start: number, indent: number, shape?: Shape): {value: unknown; end: number} {
    const w = this.window
    if (!this.opens(start)) throw new Refused()
    const array = w.at(start) === 0x5b
    const out: unknown[] | Record<string, unknown> = array ? [] : {}
    const inner = indent + this.unit
    const line = this.marker(inner)
    const close = this.closing(indent, CLOSE[w.at(start)])
    const fields = shape === undefined || array ? undefined : lookup(shape)
    let i = start + 1
    for (;;) {
      // what came before this member is not read again: a file is read through a window of about 1 MB
      w.release(i)
      const from = this.memberLine(i, line)
      const run = this.run(from, inner, array, line)
      let end: number
      if (run) {
        if (Array.isArray(out)) for (const v of run.members as unknown[]) out.push(shape === undefined ? v : prune(v, shape))
        else addMembers(out, run.members as Record<string, unknown>, fields)
        end = run.end
      } else if (array) {
        // a member larger than a piece: a container, read member by member
        const member = this.container(from, inner, shape)
        ;(out as unknown[]).push(member.value)
        end = member.end
      } else {
        const key = this.key(from)
        const sub = fields === undefined ? undefined : fields.get(key.name)
        if (fields !== undefined && sub === undefined) {
          end = this.skip(key.valueStart, inner)
        } else {
          const member = this.container(key.valueStart, inner, sub === true ? undefined : sub)
          add(out as Record<string, unknown>, key.name, member.value)
          end = member.end
        }
      }
      if (w.at(end) === COMMA) {
        i = end + 1
        continue
      }
      if (!w.startsWith(end, close)) throw new Refused()
      return {value: out, end: end + close.length}
    }
  }

  /**
   * Where the container at `at` ends, without reading it: its closing line. (Only members larger than a
   * piece are skipped this way, and only a container can be one: see `run`.)
   */
  private skip(at: number, indent: number): number {
    if (!this.opens(at)) throw new Refused()
    const closing = this.closing(indent, CLOSE[this.window.at(at)])
    const found = this.window.indexOf(closing, at, undefined, true)
    if (found < 0) throw new Refused()
    return found + closing.length
  }

  /**
   * Parses the run of whole members that starts at `from` and fits in PIECE bytes, or returns undefined when
   * the first member is a container that does not close within them.
   *
   * The run usually ends where the last line in the window that closes a member at this indent does, found
   * by scanning back from the window's end. Near the end of the container that line may belong to a
   * container further on; the run then spans an unmatched closing bracket, which JSON.parse always refuses,
   * and the run is measured member by member instead.
   */
  private run(from: number, indent: number, array: boolean, line: Buffer): {members: unknown[] | Record<string, unknown>; end: number} | undefined {
    const limit = this.window.fill(from + PIECE)
    const guess = this.lastClosingLine(from, limit, indent)
    if (guess > from) {
      try {
        return {members: this.parseRun(from, guess, array), end: guess}
      } catch (err) {
        if (!(err instanceof SyntaxError)) throw err
      }
    }
    const end = this.measuredRunEnd(from, limit, indent, array, line)
    return end > from ? {members: this.parseRun(from, end, array), end} : undefined
  }

  private parseRun(from: number, end: number, array: boolean): unknown[] | Record<string, unknown> {
    const text = this.window.text(from, end)
    return JSON.parse(array ? `[${text}]` : `{${text}}`) as unknown[] | Record<string, unknown>
  }

  /**
   * The end of the last line in [from, limit) that is `indent` spaces and a closing bracket, or -1. Scanned
   * backwards in plain JavaScript: usually a few hundred bytes from the limit, which costs less than setting
   * up Buffer.indexOf's search (about 15 µs a call on the bench machine).
   */
  private lastClosingLine(from: number, limit: number, indent: number): number {
    const {bytes, offset} = this.window.view(from, limit)
    for (let j = limit - 1 - offset; j > from + indent - offset; j--) {
      const c = bytes[j]
      if (c !== 0x7d && c !== 0x5d) continue
      let k = j - 1
      while (k >= j - indent && bytes[k] === SPACE) k--
      if (k === j - indent - 1 && bytes[k] === NL) return j + 1 + offset
    }
    return -1
  }

  /**
   * Where the run of whole members starting at `from` ends within `limit`, member by member (the end of the
   * last one, before its comma); `from` when the first member is a container that does not close before
   * `limit`. A one-line member (a scalar, an empty or inline container) always ends its own line, however long.
   */
  private measuredRunEnd(from: number, limit: number, indent: number, array: boolean, line: Buffer): number {
    const w = this.window
    let end = from
    for (let at = from; ; ) {
      const valueStart = array ? at : this.key(at).valueStart
      let memberEnd: number
      if (this.opens(valueStart)) {
        const closing = this.closing(indent, CLOSE[w.at(valueStart)])
        const found = w.indexOf(closing, valueStart, limit)
        if (found < 0) return end
        memberEnd = found + closing.length
      } else {
        memberEnd = w.indexOf(NL, valueStart)
        if (memberEnd < 0) throw new Refused()
        if (w.at(memberEnd - 1) === COMMA) memberEnd--
        if (memberEnd > limit && end > from) return end
      }
      end = memberEnd
      if (w.at(end) !== COMMA || !w.startsWith(end + 1, line) || w.at(end + 1 + line.length) === SPACE) return end
      at = end + 1 + line.length
    }
  }

  /** Checks that `i` starts a member line (⏎ and exactly the member indent) and returns where the member starts. */
  private memberLine(i: number, line: Buffer): number {
    if (!this.window.startsWith(i, line) || this.window.at(i + line.length) === SPACE) throw new Refused()
    return i + line.length
  }

  /** The key of the object member at `at` and where its value starts (after `": "`). */
  private key(at: number): {name: string; valueStart: number} {
    const w = this.window
    if (w.at(at) !== QUOTE) throw new Refused()
    let i = at + 1
    for (let c = w.at(i); c !== QUOTE; c = w.at(++i)) {
      if (c === BACKSLASH) i++
      else if (c === NL || c === -1) throw new Refused()
    }
    const name = JSON.parse(w.text(at, i + 1)) as string
    if (w.at(i + 1) !== COLON) throw new Refused()
    return {name, valueStart: w.at(i + 2) === SPACE ? i + 3 : i + 2}
  }

  /** Whether a container opens at `at` and its members start on the next line. */
  private opens(at: number): boolean {
    return CLOSE[this.window.at(at)] !== undefined && this.window.at(at + 1) === NL
  }

  /** ⏎ and `indent` spaces. */
  marker(indent: number): Buffer {
    let m = this.markers.get(indent)
    if (m === undefined) {
      m = Buffer.from(`\n${' '.repeat(indent)}`)
      this.markers.set(indent, m)
    }
    return m
  }

  /** ⏎, `indent` spaces and a closing bracket. */
  closing(indent: number, bracket: number): Buffer {
    const id = -(2 * indent + (bracket === 0x7d ? 1 : 2))
    let m = this.markers.get(id)
    if (m === undefined) {
      m = Buffer.concat([this.marker(indent), Buffer.of(bracket)])
      this.markers.set(id, m)
    }
    return m
  }
}

const lookups = new WeakMap<Shape, Map<string, true | Shape>>()

/** A shape's fields by both spellings of their names (Envoy writes snake_case, protojson lowerCamelCase). */
function lookup(shape: Shape): Map<string, true | Shape> {
  let map = lookups.get(shape)
  if (map === undefined) {
    map = new Map()
    for (const [name, sub] of Object.entries(shape)) {
      map.set(name, sub)
      map.set(camelCase(name), sub)
    }
    lookups.set(shape, map)
  }
  return map
}

/** Adds the members of a run to `out`: all of them, or (with `fields`) those a shape names, pruned. */
function addMembers(out: Record<string, unknown>, members: Record<string, unknown>, fields: Map<string, true | Shape> | undefined): void {
  for (const k of Object.keys(members)) {
    const sub = fields === undefined ? true : fields.get(k)
    if (sub !== undefined) add(out, k, sub === true ? members[k] : prune(members[k], sub))
  }
}

/** A parsed value with only the members `shape` names (each element of an array alike). */
function prune(value: unknown, shape: Shape): unknown {
  if (Array.isArray(value)) return value.map((v) => prune(v, shape))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  addMembers(out, value as Record<string, unknown>, lookup(shape))
  return out
}

/** Sets a member as JSON.parse does: `__proto__` as an own property, not the prototype. */
function add(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, {value, enumerable: true, writable: true, configurable: true})
  else out[key] = value
}

function countSpaces(window: ByteWindow, at: number): number {
  let n = 0
  while (window.at(at + n) === SPACE) n++
  return n
}
