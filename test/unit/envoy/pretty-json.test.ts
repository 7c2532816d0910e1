import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {parseDocument} from '../../../src/lib/envoy/parse-document.js'
import {entryShape} from '../../../src/lib/envoy/config-dump.js'
import {PrettyJson} from '../../../src/lib/envoy/pretty-json.js'
import {camelCase, type Shape} from '../../../src/lib/envoy/proto-json.js'
import {CLUSTER_ROW_FIELDS} from '../../../src/lib/summary/clusters.js'
import {EDS_ROW_FIELDS} from '../../../src/lib/summary/eds.js'
import {ByteWindow} from '../../../src/lib/source/byte-window.js'
import {bytesInput} from '../../../src/lib/source/input.js'
import {ROOT, realDumps} from '../../helpers/cli.js'
import {prng} from '../../helpers/prng.js'
import {trickle} from '../../helpers/windows.js'

/**
 * The document parsed by PrettyJson twice: held whole, and pulled a few KB at a time through a small window
 * as a file is read (every piece boundary falls somewhere else). Both must give the same answer.
 */
function parse(text: string | Buffer): unknown {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text)
  const whole = PrettyJson.of(ByteWindow.of(bytes))?.parse()
  const pulled = PrettyJson.of(trickle(bytes, bytes.length, 64, 4096))?.parse()
  expect(pulled, 'read through a window').to.deep.equal(whole)
  return whole
}

/** A random JSON value: nested objects and arrays of every kind of scalar, some containers far over 32 KB. */
function randomValue(rand: () => number, depth: number, budget: {left: number}): unknown {
  const r = rand()
  if (depth === 0 || budget.left <= 0 || r < 0.35) {
    budget.left--
    const s = rand()
    if (s < 0.2) return Math.floor(rand() * 1e6) - 5e5
    if (s < 0.3) return rand() * 1000
    if (s < 0.4) return rand() < 0.5
    if (s < 0.45) return null
    if (s < 0.5) return rand() < 0.5 ? [] : {}
    if (s < 0.52) return 'x'.repeat(40_000) // one line longer than a piece
    const chars = 'abc_-/:. "\\{}[],\u00e9\u2603\u{1d11e}\t'
    return Array.from({length: Math.floor(rand() * 30)}, () => [...chars][Math.floor(rand() * [...chars].length)]).join('')
  }
  const n = Math.floor(rand() * (depth > 2 ? 60 : 8))
  if (r < 0.65) return Array.from({length: n}, () => randomValue(rand, depth - 1, budget))
  const out: Record<string, unknown> = {}
  for (let i = 0; i < n; i++) out[`${['name', 'route', 'x-hdr', '80', '@type', 'a"b', 'é'][Math.floor(rand() * 7)]}_${i}`] = randomValue(rand, depth - 1, budget)
  return out
}

/** The reference for a shaped read: the whole parse, with only the members the shape names (either spelling), in their order. */
function pruned(value: unknown, shape: Shape): unknown {
  if (Array.isArray(value)) return value.map((v) => pruned(v, shape))
  if (value === null || typeof value !== 'object') return value
  const named = (k: string) => Object.keys(shape).find((name) => name === k || camelCase(name) === k)
  return Object.fromEntries(
    Object.entries(value).flatMap(([k, v]) => {
      const name = named(k)
      if (name === undefined) return []
      const sub = shape[name]
      return [[k, sub === true ? v : pruned(v, sub)]]
    }),
  )
}

/** A random shape over `keys`: up to 12 of them, each whole or narrowed again. */
function randomShape(rand: () => number, keys: readonly string[], depth: number): Shape {
  const shape: Record<string, true | Shape> = {}
  for (let n = 0; n < 12; n++) {
    const k = keys[Math.floor(rand() * keys.length)]
    shape[k] = depth === 0 || rand() < 0.4 ? true : randomShape(rand, keys, depth - 1)
  }
  return shape
}

/** Every key of a value, at any depth. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out)
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) keysOf(v, out.add(k))
  return out
}

/** The root container read with a shape, held whole and through a small window: both must agree. */
function parseShaped(text: string | Buffer, shape: Shape): unknown {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text)
  const read = (w: ByteWindow) => PrettyJson.of(w)?.containerAt(0, 0, shape)?.value
  const whole = read(ByteWindow.of(bytes))
  expect(read(trickle(bytes, 5, 64, 4096)), 'read through a window').to.deep.equal(whole)
  return whole
}

describe('PrettyJson: a pretty-printed document parsed in pieces (pretty-json.ts)', () => {
  it('every real dump that is laid out consistently parses to exactly what JSON.parse gives', () => {
    let accepted = 0
    const refused: string[] = []
    for (const path of realDumps()) {
      const bytes = readFileSync(path)
      const value = parse(bytes)
      if (value === undefined) refused.push(path)
      else {
        expect(value, path).to.deep.equal(JSON.parse(bytes.toString('utf8')))
        accepted++
      }
    }
    expect(accepted).to.be.greaterThan(20)
    // the refused ones are hand-edited istioctl test data (mixed indents, `"active_state" :{`)
    expect(refused.map((p) => p.split('/').pop())).to.have.members([
      'productpage_config_dump.json',
      'productpage-v1-7bbd79f8fd-k6j79.json',
      'productpage-v1-c7765c886-v99jb.json',
      'ratings-v1-f745cf57b-vfwcv.json',
      'envoyconfigdump2020.json',
    ])
  })

  it('every real dump re-printed with 1, 2 and 4 spaces per level (as Envoy, jq and others write) parses exactly', () => {
    for (const path of realDumps()) {
      const doc: unknown = JSON.parse(readFileSync(path, 'utf8'))
      for (const indent of [1, 2, 4]) expect(parse(JSON.stringify(doc, null, indent)), `${path} @${indent}`).to.deep.equal(doc)
    }
  })

  it('random documents (nested far deeper and wider than a piece, long lines, escapes, non-ASCII) parse exactly', () => {
    for (let seed = 1; seed <= 24; seed++) {
      const rand = prng(seed)
      const doc = {configs: randomValue(rand, 6, {left: 6_000}), tail: randomValue(rand, 3, {left: 200})}
      const indent = 1 + (seed % 3)
      const text = JSON.stringify(doc, null, indent)
      expect(parse(text), `seed ${seed}`).to.deep.equal(JSON.parse(text))
    }
  })

  it('with a shape, only the members it names are read: the whole parse pruned to the shape, keys and order kept', () => {
    let shaped = 0
    for (const path of realDumps()) {
      const bytes = readFileSync(path)
      const doc = JSON.parse(bytes.toString('utf8'))
      // the tables' shapes of clusters and endpoints, on every section (the others have none of their fields)
      for (const shape of [entryShape('clusters', CLUSTER_ROW_FIELDS), entryShape('endpoints', EDS_ROW_FIELDS)]) {
        const configs: Shape = {configs: shape}
        const value = parseShaped(bytes, configs)
        if (value === undefined) continue // hand-edited layouts are refused, as without a shape
        expect(value, path).to.deep.equal(pruned(doc, configs))
        shaped++
      }
    }
    expect(shaped).to.be.greaterThan(40)
    for (let seed = 1; seed <= 24; seed++) {
      const rand = prng(100 + seed)
      const doc = {configs: randomValue(rand, 6, {left: 6_000}), tail: randomValue(rand, 3, {left: 200})}
      const text = JSON.stringify(doc, null, 1 + (seed % 3))
      const shape = {configs: randomShape(rand, [...keysOf(doc)], 4), tail: true} as Shape
      expect(parseShaped(text, shape), `seed ${seed}`).to.deep.equal(pruned(JSON.parse(text), shape))
    }
  })

  it('a "__proto__" key is an own property, as JSON.parse makes it, in a piece and across pieces', () => {
    const big = Array.from({length: 3000}, (_, i) => ({name: `c${i}`}))
    const text = `{\n "__proto__": {\n  "polluted": true\n },\n "list": ${JSON.stringify(big, null, 1).replace(/\n/g, '\n ')},\n "__proto__": 1\n}`
    const value = parse(text) as Record<string, unknown>
    expect(Object.getPrototypeOf(value)).to.equal(Object.prototype)
    expect(Object.keys(value)).to.deep.equal(Object.keys(JSON.parse(text)))
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).to.equal(1)
  })

  it('refuses any other layout, so the caller parses the text whole', () => {
    const doc = {configs: Array.from({length: 500}, (_, i) => ({'@type': 'x', name: `n${i}`, list: [1, 2, {a: 'b'}]}))}
    const pretty = JSON.stringify(doc, null, 1)
    const cases: Record<string, string> = {
      compact: JSON.stringify(doc),
      tabs: JSON.stringify(doc, null, '\t'),
      crlf: pretty.replace(/\n/g, '\r\n'),
      'cut short': pretty.slice(0, pretty.length - 40),
      'trailing garbage': `${pretty}\n}`,
      'a bracket missing inside a piece': pretty.replace('"a": "b"\n    }', '"a": "b"\n    '),
      yaml: 'configs:\n- name: a\n',
    }
    for (const [what, text] of Object.entries(cases)) expect(parse(text), what).to.equal(undefined)
  })

  it('a hand-edited indent is refused where it is structure, and harmless inside a piece: never a different value', () => {
    const doc = {configs: Array.from({length: 800}, (_, i) => ({'@type': 'x', name: `n${i}`, list: [1, 2, {a: 'b'}]}))}
    const lines = JSON.stringify(doc, null, 1).split('\n')
    const rand = prng(7)
    let refused = 0
    let same = 0
    for (let n = 0; n < 300; n++) {
      // one line one space deeper or shallower: still JSON, with the same value
      const edited = [...lines]
      const at = 1 + Math.floor(rand() * (lines.length - 2))
      edited[at] = rand() < 0.5 ? ` ${edited[at]}` : edited[at].replace(/^ /, '')
      const text = edited.join('\n')
      const value = parse(text)
      if (value === undefined) refused++
      else {
        expect(value, `line ${at}`).to.deep.equal(doc)
        same++
      }
      // and without the line: a bracket or a member gone, which JSON.parse refuses too (or, for a scalar, the same)
      const cut = [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n')
      let whole: unknown
      try {
        whole = JSON.parse(cut)
      } catch {
        whole = undefined
      }
      const piecewise = parse(cut)
      if (piecewise !== undefined) expect(piecewise, `without line ${at}`).to.deep.equal(whole)
    }
    expect(same).to.be.greaterThan(250)
    // the lines the reader always checks: the root's member line and the closing line of `configs`
    const text = lines.join('\n')
    for (const edited of [text.replace('\n "configs": [', '\n  "configs": ['), text.replace(/\n \]\n\}$/, '\n  ]\n}')]) {
      expect(edited).not.to.equal(text)
      expect(parse(edited)).to.equal(undefined)
      refused++
    }
    expect(refused).to.be.greaterThan(1)
  })

  it('a document nested deeper than the stack allows is parsed whole (JSON.parse does not recurse), not a crash', () => {
    // 1,500 levels, each over a piece: with a 200 KB stack (node --stack-size=200) the reader recurses too deep
    const depth = 1500
    const lines = ['{', ...Array.from({length: depth}, (_, i) => `${' '.repeat(i + 1)}"configs": {`), `${' '.repeat(depth + 1)}"x": "${'y'.repeat(40_000)}"`]
    for (let i = depth; i >= 1; i--) lines.push(`${' '.repeat(i)}}`)
    lines.push('}')
    const dir = mkdtempSync(join(tmpdir(), 'meshscope-deep-'))
    try {
      const file = join(dir, 'deep.json')
      writeFileSync(file, lines.join('\n'))
      const r = spawnSync(process.execPath, ['--stack-size=200', join(ROOT, 'bin', 'run.js'), 'proxy-config', 'cluster', '-f', file], {encoding: 'utf8'})
      expect(r.stderr).to.include('holds no config dump section meshscope knows')
      expect(r.status).to.equal(4)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('parseDocument falls back to the whole text for what it refuses, and still says where it breaks', async () => {
    const doc = {configs: Array.from({length: 2000}, (_, i) => ({name: `n${i}`}))}
    const text = JSON.stringify(doc, null, 1)
    expect(await parseDocument(bytesInput('pretty', Buffer.from(text)))).to.deep.equal(doc)
    expect(await parseDocument(bytesInput('tabs', Buffer.from(JSON.stringify(doc, null, '\t'))))).to.deep.equal(doc)
    const cut = text.slice(0, text.length - 30)
    let message = ''
    await parseDocument(bytesInput('cut.json', Buffer.from(cut))).catch((err: Error) => {
      message = err.message
    })
    expect(message).to.match(/^cut\.json is truncated/)
  })
})
