import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {ByteWindow} from '../../../src/lib/source/byte-window.js'
import {fixture} from '../../helpers/cli.js'
import {prng} from '../../helpers/prng.js'
import {trickle} from '../../helpers/windows.js'

const DUMP = fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json')

describe('ByteWindow: a document read front to back through a window (byte-window.ts)', () => {
  it('over bytes in memory: every byte, -1 past the end, searches within a limit, text', () => {
    const bytes = Buffer.from('{\n "a": [1, 2]\n}\n')
    const w = ByteWindow.of(bytes)
    expect([...bytes.keys()].map((i) => w.at(i))).to.deep.equal([...bytes])
    expect([w.at(bytes.length), w.at(bytes.length + 100)]).to.deep.equal([-1, -1])
    expect([w.indexOf(0x0a, 2), w.indexOf(Buffer.from('[1'), 0), w.indexOf(Buffer.from('[1'), 0, 8), w.indexOf(Buffer.from('[1'), 0, 9)]).to.deep.equal([14, 8, -1, -1])
    expect(w.indexOf(Buffer.from('[1'), 0, 10)).to.equal(8)
    expect([w.startsWith(3, Buffer.from('"a"')), w.startsWith(bytes.length - 1, Buffer.from('\n\n'))]).to.deep.equal([true, false])
    expect(w.text(3, 6)).to.equal('"a"')
    // bytes held whole are checked for ASCII when first decoded, all of them
    const utf8 = Buffer.from('"é" ☃')
    expect(ByteWindow.of(utf8).text(0, 4)).to.equal('"é"')
  })

  it('pulled a few bytes at a time through a small buffer, a reader that releases as it goes sees every byte', () => {
    const bytes = readFileSync(DUMP)
    for (const seed of [1, 2, 3]) {
      const w = trickle(bytes, seed, 64)
      const rand = prng(seed)
      for (let p = 0; p < bytes.length; p += 1 + Math.floor(rand() * 50)) {
        w.release(p)
        const to = w.fill(p + 200)
        expect(to, `fill at ${p}`).to.equal(Math.min(p + 200, bytes.length))
        expect(w.text(p, to), `text at ${p}`).to.equal(bytes.toString('utf8', p, to))
        expect(w.at(p)).to.equal(bytes[p])
      }
      expect(w.at(bytes.length)).to.equal(-1)
    }
  })

  it('keeps everything from the last release, growing past its capacity when it must', () => {
    const bytes = readFileSync(DUMP)
    const w = trickle(bytes, 7, 64)
    w.release(100)
    expect(w.fill(bytes.length)).to.equal(bytes.length)
    expect(w.text(100, bytes.length)).to.equal(bytes.toString('utf8', 100))
    expect(() => w.view(100, bytes.length + 1), 'past the end').to.throw(RangeError)
  })

  it('finds a needle across pull boundaries, the same place Buffer.indexOf does, and -1 when it is absent', () => {
    const bytes = readFileSync(DUMP)
    const needles = ['\n  }', '"@type": "type.googleapis.com/envoy.admin.v3.ListenersConfigDump"', '"name": "virtualOutbound"', 'no such text']
    for (const needle of needles) {
      for (const drop of [false, true]) {
        const w = trickle(bytes, 5, 64)
        expect(w.indexOf(Buffer.from(needle), 10, undefined, drop), `${needle} drop=${drop}`).to.equal(bytes.indexOf(needle, 10))
      }
    }
    // a limit stops the search (and the reading) there
    const at = bytes.indexOf('"name": "virtualOutbound"')
    expect(trickle(bytes).indexOf(Buffer.from('"name": "virtualOutbound"'), 0, at + 24)).to.equal(-1)
    expect(trickle(bytes).indexOf(Buffer.from('"name": "virtualOutbound"'), 0, at + 25)).to.equal(at)
  })

  it('decodes as ASCII only while every byte pulled is ASCII', () => {
    const text = `${'a'.repeat(300)}é☃𝄞${'b'.repeat(300)}`
    const bytes = Buffer.from(text)
    const w = trickle(bytes, 3, 64, 16)
    expect(w.text(0, w.fill(100))).to.equal(text.slice(0, 100))
    expect(w.text(0, w.fill(bytes.length))).to.equal(text)
  })

  it('reads a file, and closes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshscope-window-'))
    try {
      const path = join(dir, 'f.json')
      const bytes = Buffer.from('x'.repeat(3_000_000))
      writeFileSync(path, bytes)
      const open = () => readdirSync('/proc/self/fd').length
      const before = open()
      const w = ByteWindow.file(path)
      expect(open()).to.equal(before + 1)
      expect(w.indexOf(0x79, 0)).to.equal(-1)
      expect(w.at(2_999_999)).to.equal(0x78)
      expect(w.at(3_000_000)).to.equal(-1)
      w.close()
      expect(open(), 'the file is closed').to.equal(before)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('over the pieces of a body (as a socket delivers it): every byte, in order, never joined', () => {
    const bytes = readFileSync(DUMP)
    const rand = prng(9)
    const pieces: Buffer[] = []
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(bytes.length - at, 1 + Math.floor(rand() * 10_000))
      pieces.push(bytes.subarray(at, at + n))
      at += n
    }
    expect(pieces.length).to.be.greaterThan(3)
    const w = ByteWindow.pieces(pieces)
    for (let p = 0; p < bytes.length; p += 4096) {
      w.release(p)
      const to = w.fill(p + 5000)
      expect(w.text(p, to), `at ${p}`).to.equal(bytes.toString('utf8', p, to))
    }
    expect(w.at(bytes.length)).to.equal(-1)
    w.close()
  })

  it("a window's buffer goes to the next window when it closes, and the next one never reads what the last left in it", () => {
    const first = ByteWindow.pieces([Buffer.alloc(300_000, 'x'), Buffer.alloc(300_000, 'y')])
    expect(first.fill(600_000)).to.equal(600_000)
    first.close()
    first.close() // twice is harmless
    const second = ByteWindow.pieces([Buffer.from('ab'), Buffer.from('cd')])
    expect(second.fill(1000)).to.equal(4)
    expect([second.text(0, 4), second.at(4), second.indexOf(0x78, 0)]).to.deep.equal(['abcd', -1, -1])
    second.close()
  })
})
