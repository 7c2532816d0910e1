import {isObject} from '../envoy/lenient.js'

const BEST_WIDTH = 80

/** A YAML text as sigs.k8s.io/yaml's JSONToYAML (go-yaml v2's Marshal of the parsed JSON) writes it. */
export function goYaml(value: unknown): string {
  const out: string[] = []
  if (isCollection(value) && !isEmpty(value)) block(value, 0, out, '')
  else out.push(`${flowOrScalar(value, 0, false)}`)
  return `${out.join('\n')}\n`
}

function isCollection(v: unknown): v is unknown[] | Record<string, unknown> {
  return Array.isArray(v) || isObject(v)
}

function isEmpty(v: unknown[] | Record<string, unknown>): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0
}

/**
 * Writes a non-empty mapping or sequence whose lines start at column `indent`. `first` is the text already on
 * the first line (`- ` of an enclosing sequence item), so the first entry continues it.
 */
function block(value: unknown[] | Record<string, unknown>, indent: number, out: string[], first: string): void {
  const pad = ' '.repeat(indent)
  let lead = first
  const line = (s: string) => {
    out.push(lead ? `${lead}${s}` : `${pad}${s}`)
    lead = ''
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && !isEmpty(item)) {
        // a collection in a sequence item starts on the dash's line
        block(item, indent + 2, out, lead ? `${lead}- ` : `${pad}- `)
        lead = ''
      } else line(`- ${flowOrScalar(item, indent + 2, false)}`)
    }
    return
  }
  for (const key of Object.keys(value).sort(goYamlKeyCompare)) {
    const v = value[key]
    const k = scalar(key, indent, true)
    if (isCollection(v) && !isEmpty(v)) {
      line(`${k}:`)
      // a sequence under a key is not indented; a mapping is
      block(v, Array.isArray(v) ? indent : indent + 2, out, '')
    } else {
      const col = (lead ? lead.length : indent) + k.length + 2
      line(`${k}: ${flowOrScalar(v, indent + 2, false, col)}`)
    }
  }
}

/** An empty collection (flow style) or a scalar; `indent` is where folded or literal lines continue. */
function flowOrScalar(v: unknown, indent: number, key: boolean, column = indent): string {
  if (Array.isArray(v)) return '[]'
  if (isObject(v)) return '{}'
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return goFloat(v)
  return scalar(String(v), indent, key, column)
}

/** Numbers as go-yaml writes what it parsed from JSON: integers as such, other floats as Go's FormatFloat(f, 'g', -1). */
function goFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan'
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf'
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString()
  const [mant, expStr] = n.toExponential().split('e')
  const exp = Number(expStr)
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return String(n)
}

// ---- scalars: go-yaml v2's resolve + the emitter's style choice -----------------------------------------

/** A string scalar at column `column` (continuation lines at `indent`), in the style go-yaml v2 picks. */
function scalar(s: string, indent: number, key: boolean, column = indent): string {
  const a = analyze(s)
  let style: 'plain' | 'single' | 'double' | 'literal'
  if (!isValidUtf16(s)) style = 'double'
  else if (s.includes('\n')) style = 'literal'
  else style = resolvesToString(s) && !isBase60Float(s) ? 'plain' : 'double'
  if (key && a.multiline) style = 'double'
  if (style === 'plain') {
    if (!a.blockPlainAllowed || (s === '' && key)) style = 'single'
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double'
  if (style === 'literal' && (!a.blockAllowed || key)) style = 'double'
  switch (style) {
    case 'plain':
      return key ? s : fold(s, column, indent, 'plain')
    case 'single':
      return key ? `'${s.replace(/'/g, "''")}'` : fold(s, column, indent, 'single')
    case 'double':
      return key ? `"${escapeDouble(s)}"` : fold(s, column, indent, 'double')
    default:
      return literal(s, indent)
  }
}

interface Analysis {
  multiline: boolean
  blockPlainAllowed: boolean
  singleQuotedAllowed: boolean
  blockAllowed: boolean
}

const isSpace = (c: string | undefined) => c === ' '
const isBreak = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029'
const isBlankOrEnd = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || isBreak(c)

/** go-yaml's yaml_emitter_analyze_scalar (block context; unicode output on, as yaml.Marshal sets it). */
function analyze(s: string): Analysis {
  if (s === '') return {multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false}
  const chars = [...s]
  let blockIndicators = s.startsWith('---') || s.startsWith('...')
  let lineBreaks = false
  let special = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false
  let prevSpace = false
  let prevBreak = false
  let precededByWhitespace = true
  chars.forEach((c, i) => {
    const followedByWhitespace = isBlankOrEnd(chars[i + 1])
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true
      else if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true
    } else if (c === ':' && followedByWhitespace) blockIndicators = true
    else if (c === '#' && precededByWhitespace) blockIndicators = true
    if (!isPrintable(c)) special = true
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true
      if (i === chars.length - 1) trailingSpace = true
      if (prevBreak) breakSpace = true
      prevSpace = true
      prevBreak = false
    } else if (isBreak(c)) {
      lineBreaks = true
      if (i === 0) leadingBreak = true
      if (i === chars.length - 1) trailingBreak = true
      if (prevSpace) spaceBreak = true
      prevSpace = false
      prevBreak = true
    } else {
      prevSpace = false
      prevBreak = false
    }
    precededByWhitespace = isBlankOrEnd(c)
  })
  let blockPlainAllowed = true
  let singleQuotedAllowed = true
  let blockAllowed = true
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false
  if (trailingSpace) blockAllowed = false
  if (breakSpace) {
    blockPlainAllowed = false
    singleQuotedAllowed = false
  }
  if (spaceBreak || special) {
    blockPlainAllowed = false
    singleQuotedAllowed = false
    blockAllowed = false
  }
  if (lineBreaks || blockIndicators) blockPlainAllowed = false
  return {multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed}
}

/** go-yaml's is_printable: LF, ASCII graphics, U+00A0–U+D7FF and U+E000–U+FFFD but the BOM (not tab, not astral). */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
}

function isValidUtf16(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)
}

/** Writes a plain, single- or double-quoted scalar, folding at spaces past column 80 as go-yaml does. */
function fold(s: string, column: number, indent: number, style: 'plain' | 'single' | 'double'): string {
  const chars = [...s]
  const pad = ' '.repeat(indent)
  let out = style === 'single' ? "'" : style === 'double' ? '"' : ''
  let col = column + out.length
  let spaces = false
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    if (isSpace(c)) {
      const canBreak =
        !spaces &&
        col > BEST_WIDTH &&
        (style === 'plain'
          ? !isSpace(chars[i + 1])
          : style === 'single'
            ? i > 0 && i < chars.length - 1 && !isSpace(chars[i + 1])
            : i !== 0 && i !== chars.length - 1)
      if (canBreak) {
        out += `\n${pad}`
        col = indent
        if (style === 'double' && isSpace(chars[i + 1])) {
          out += '\\'
          col++
        }
      } else {
        out += c
        col++
      }
      spaces = true
      continue
    }
    spaces = false
    const text = style === 'double' ? escapeDouble(c) : style === 'single' && c === "'" ? "''" : c
    out += text
    col += [...text].length
  }
  if (style === 'single') out += "'"
  if (style === 'double') out += '"'
  return out
}

function escapeDouble(s: string): string {
  let out = ''
  for (const c of s) {
    const cp = c.codePointAt(0) ?? 0
    if (isPrintable(c) && !isBreak(c) && c !== '"' && c !== '\\') {
      out += c
      continue
    }
    const named = DOUBLE_ESCAPES[c]
    if (named !== undefined) out += `\\${named}`
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`
    else out += `\\U${hex(cp, 8)}`
  }
  return out
}

/** go-yaml's named escapes in double-quoted scalars, by character */
const DOUBLE_ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0')

/** A literal block scalar (`|`, `|-`, `|+`, with an indentation indicator when the text starts with a space). */
function literal(s: string, indent: number): string {
  let header = '|'
  if (isSpace(s[0]) || isBreak(s[0])) header += '2'
  if (!s.endsWith('\n')) header += '-'
  else if (s.length === 1 || s.endsWith('\n\n')) header += '+'
  const body = s.endsWith('\n') ? s.slice(0, -1) : s
  const pad = ' '.repeat(indent)
  return `${header}\n${body
    .split('\n')
    .map((l) => (l === '' ? '' : `${pad}${l}`))
    .join('\n')}`
}

// ---- go-yaml v2 resolve: would this string, written plain, read back as something other than a string? ----

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
])
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/

function resolvesToString(s: string): boolean {
  if (RESOLVE_MAP.has(s)) return false
  const c = s[0]
  if (c === '.') return !/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)
  if (c !== '+' && c !== '-' && !(c >= '0' && c <= '9')) return true
  if (parseTimestamp(s)) return false
  const plain = s.replace(/_/g, '')
  if (isGoInt(plain)) return false
  if (YAML_FLOAT.test(plain)) return false
  if (/^-?0b[01]+$/.test(plain)) return false
  return true
}

/** strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) succeeds. */
function isGoInt(s: string): boolean {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s)
  if (!m) return false
  const body = m[2]
  const digits = /^0[oO]/.test(body) ? `0o${body.slice(2)}` : /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body
  const v = BigInt(digits)
  if (m[1] === '-') return v <= 2n ** 63n
  return v < 2n ** 64n && (m[1] === '' || v < 2n ** 63n)
}

function isBase60Float(s: string): boolean {
  return /^[-+0-9]/.test(s) && s.includes(':') && BASE60_FLOAT.test(s)
}

const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?$/

/** go-yaml's parseTimestamp: the date-time forms time.Parse accepts for its four layouts, in range. */
function parseTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (month < 1 || month > 12) return false
  const daysIn = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day < 1 || day > daysIn) return false
  const hour = m[5] ?? m[9]
  if (hour === undefined) return true
  const [h, min, sec] = [Number(hour), Number(m[6] ?? m[10]), Number(m[7] ?? m[11])]
  return h < 24 && min < 60 && sec < 60
}

// ---- go-yaml v2 key order (sorted.go keyList.Less) --------------------------------------------------

const LETTER = /\p{L}/u
const DIGIT = /\p{Nd}/u

/** go-yaml v2 sorts map keys "naturally": runs of digits by value, and non-letters before letters. */
export function goYamlKeyCompare(a: string, b: string): number {
  if (a === b) return 0
  return goYamlKeyLess(a, b) ? -1 : 1
}

function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a]
  const br = [...b]
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = LETTER.test(ar[i])
    const bl = LETTER.test(br[i])
    if (al && bl) return ar[i] < br[i]
    if (al || bl) return bl
    let an = 0
    let bn = 0
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && DIGIT.test(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1
          bn = 1
          break
        }
      }
    }
    let ai = i
    for (; ai < ar.length && DIGIT.test(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48)
    let bi = i
    for (; bi < br.length && DIGIT.test(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48)
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i] < br[i]
  }
  return ar.length < br.length
}

