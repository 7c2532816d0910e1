import {expect} from 'chai'
import {tabwrite} from '../../../src/lib/render/tabwriter.js'

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
})
