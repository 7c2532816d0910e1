import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {decodeUtf8} from '../../../src/lib/source/decode.js'
import {realDumps} from '../../helpers/cli.js'

describe('decodeUtf8', () => {
  it('decodes every real dump exactly as the UTF-8 decoder does', () => {
    const dumps = realDumps()
    expect(dumps.length).to.be.greaterThan(20)
    for (const path of dumps) {
      const bytes = readFileSync(path)
      expect(decodeUtf8(bytes), path).to.equal(bytes.toString('utf8'))
    }
  })

  it('decodes non-ASCII text (2-, 3- and 4-byte sequences) and invalid bytes as the UTF-8 decoder does', () => {
    const samples = [Buffer.from('{"name": "café ☕ 𝄞"}', 'utf8'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), Buffer.from([0x22, 0xe2, 0x82, 0x22])]
    for (const bytes of samples) {
      const got = decodeUtf8(bytes)
      expect(got).to.equal(bytes.toString('utf8'))
      // the ASCII decoder would have dropped the high bit: prove the slow path was taken
      expect(got).not.to.equal(bytes.toString('ascii'))
    }
  })

  it('decodes a range, choosing the path by the bytes of that range only', () => {
    const bytes = Buffer.from('ascii part|é part', 'utf8')
    const bar = bytes.indexOf('|')
    expect(decodeUtf8(bytes, 0, bar)).to.equal('ascii part')
    expect(decodeUtf8(bytes, bar + 1)).to.equal('é part')
  })
})
