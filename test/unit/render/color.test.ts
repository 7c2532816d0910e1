import {expect} from 'chai'
import {colorEnabled, paint} from '../../../src/lib/render/color.js'

const tty = {isTTY: true}
const pipe = {isTTY: false}
const unset = {}

describe('colorEnabled (NO_COLOR / FORCE_COLOR / TTY)', () => {
  it('a TTY gets colour, a pipe or a stream without isTTY does not', () => {
    expect(colorEnabled(tty, {})).to.equal(true)
    expect(colorEnabled(pipe, {})).to.equal(false)
    expect(colorEnabled(unset, {})).to.equal(false)
  })

  it('NO_COLOR with any non-empty value turns colour off, even on a TTY and over FORCE_COLOR', () => {
    for (const v of ['1', '0', 'false', 'yes']) expect(colorEnabled(tty, {NO_COLOR: v}), v).to.equal(false)
    expect(colorEnabled(tty, {NO_COLOR: '1', FORCE_COLOR: '1'})).to.equal(false)
  })

  it('an empty NO_COLOR is as if unset (no-color.org)', () => {
    expect(colorEnabled(tty, {NO_COLOR: ''})).to.equal(true)
    expect(colorEnabled(pipe, {NO_COLOR: ''})).to.equal(false)
  })

  it('FORCE_COLOR turns colour on for a pipe, except 0 and false', () => {
    for (const v of ['1', '2', '3', 'true', '']) expect(colorEnabled(pipe, {FORCE_COLOR: v}), JSON.stringify(v)).to.equal(true)
    for (const v of ['0', 'false']) expect(colorEnabled(tty, {FORCE_COLOR: v}), v).to.equal(false)
  })

  it('paint is plain text when off and ANSI when on', () => {
    expect(paint(false).red('x')).to.equal('x')
    expect(paint(true).red('x')).to.equal('\u001b[31mx\u001b[39m')
    expect(paint(true).bold('x')).to.equal('\u001b[1mx\u001b[22m')
  })
})
