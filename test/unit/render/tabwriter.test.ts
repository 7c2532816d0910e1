import {expect} from 'chai'
import {tabwrite, tabwriteCells} from '../../../src/lib/render/tabwriter.js'
import {prng} from '../../helpers/prng.js'

describe('tabwriter (Go text/tabwriter port)', () => {
  it('pads each column to its widest cell plus padding', () => {
    expect(tabwrite('a\tbb\tc\nccc\td\te\n', {padding: 2})).to.equal('a    bb  c\nccc  d   e\n')
  })

  it('leaves the last cell of a line unpadded', () => {
    expect(tabwrite('x\ty\n', {padding: 5})).to.equal('x     y\n')
  })

  it('ends a column block at a line with fewer cells', () => {
    // the middle line has no tab: it flushes, so the widths above and below are independent
    expect(tabwrite('a\tb\nsep\nlonger\tc\n', {padding: 1})).to.equal('a b\nsep\nlonger c\n')
  })

  it('pads empty cells', () => {
    expect(tabwrite('name\t\tz\nn\tt\tz\n', {padding: 1})).to.equal('name   z\nn    t z\n')
  })

  it('measures width in characters, not bytes', () => {
    expect(tabwrite('é\tx\nab\ty\n', {padding: 1})).to.equal('é  x\nab y\n')
  })

  it('tabwriteCells writes what tabwrite writes for the cells joined by tabs: cells with tabs, newlines, surrogates, non-strings included', () => {
    const rand = prng(11)
    // and what a malformed dump can put in a row: a value that is not a string, written as join() writes it
    const cells = ['', 'a', 'bb', 'outbound|9080||reviews', 'é', '𝄞x', 'x\ty', 'two\nlines', '-', 'ORIGINAL_DST', {} as string, 7 as unknown as string]
    for (let n = 0; n < 400; n++) {
      const lines = Array.from({length: 1 + Math.floor(rand() * 6)}, () => Array.from({length: 1 + Math.floor(rand() * 4)}, () => cells[Math.floor(rand() * cells.length)]))
      const padding = 1 + Math.floor(rand() * 4)
      expect(tabwriteCells(lines, {padding}), JSON.stringify(lines)).to.equal(tabwrite(lines.map((l) => `${l.join('\t')}\n`).join(''), {padding}))
    }
  })
})
