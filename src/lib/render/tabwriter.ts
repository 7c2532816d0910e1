/**
 * A port of Go's text/tabwriter (left-aligned, space padding, no flags), which istioctl uses for every
 * table. Porting the algorithm rather than approximating it is what makes the output identical to
 * istioctl's: column blocks end at lines with fewer cells, and a line without tabs flushes the block.
 */
export interface TabwriterOptions {
  minwidth?: number
  padding?: number
}

/** A cell's width is its number of code points (Go counts runes); without surrogates that is its length. */
const SURROGATE = /[\uD800-\uDFFF]/

export function tabwrite(text: string, {minwidth = 0, padding = 1}: TabwriterOptions = {}): string {
  const physical = text.split('\n')
  const endsWithNewline = physical.length > 1 && physical[physical.length - 1] === ''
  if (endsWithNewline) physical.pop()
  return layOut(
    physical.map((line) => line.split('\t')),
    endsWithNewline,
    {minwidth, padding, width: widthOf(text)},
  )
}

/**
 * tabwrite of lines given as their cells (each line ends with a newline): the same text as tabwrite of the
 * cells joined by tabs, without joining and splitting them again. A cell that holds a tab or a newline would
 * be more than one cell to Go's tabwriter, so such lines go through tabwrite.
 */
export function tabwriteCells(lines: readonly (readonly string[])[], {minwidth = 0, padding = 1}: TabwriterOptions = {}): string {
  let width = (cell: string) => cell.length
  for (const line of lines) {
    for (const cell of line) {
      // (a cell that is not a string, from a malformed dump, is joined as text: as before)
      if (typeof cell !== 'string' || cell.includes('\t') || cell.includes('\n')) {
        return tabwrite(lines.map((l) => `${l.join('\t')}\n`).join(''), {minwidth, padding})
      }
      if (SURROGATE.test(cell)) width = codePoints
    }
  }
  return layOut(lines, true, {minwidth, padding, width})
}

const codePoints = (cell: string) => [...cell].length

function widthOf(text: string): (cell: string) => number {
  return SURROGATE.test(text) ? codePoints : (cell: string) => cell.length
}

/** Go's tabwriter over lines of cells: a line of a single cell ends a block of columns. */
function layOut(physical: readonly (readonly string[])[], endsWithNewline: boolean, layout: Layout): string {
  const out: string[] = []
  let lines: (readonly string[])[] = []
  physical.forEach((cells, i) => {
    lines.push(cells)
    const isLast = i === physical.length - 1
    // Go flushes after a newline that ends a line with a single cell
    if (cells.length === 1 && (!isLast || endsWithNewline)) {
      flush(lines, out, layout, true)
      lines = []
    }
  })
  if (lines.length > 0) flush(lines, out, layout, endsWithNewline)
  return out.join('')
}

interface Layout {
  minwidth: number
  padding: number
  width: (cell: string) => number
}

function flush(lines: readonly (readonly string[])[], out: string[], {minwidth, padding, width: widthOf}: Layout, newlineAfterLast: boolean): void {
  const widths: number[] = []
  const write = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]
      let s = ''
      for (let j = 0; j < line.length; j++) {
        s += line[j]
        if (j < widths.length) s += spaces(widths[j] - widthOf(line[j]))
      }
      out.push(i < lines.length - 1 || newlineAfterLast ? `${s}\n` : s)
    }
  }
  const format = (line0: number, line1: number): void => {
    const column = widths.length
    for (let row = line0; row < line1; row++) {
      if (column >= lines[row].length - 1) continue
      write(line0, row)
      line0 = row
      let width = minwidth
      for (; row < line1; row++) {
        const line = lines[row]
        if (column >= line.length - 1) break
        const w = widthOf(line[column]) + padding
        if (w > width) width = w
      }
      widths.push(width)
      format(line0, row)
      widths.pop()
      line0 = row
    }
    write(line0, line1)
  }
  format(0, lines.length)
}

const SPACES: string[] = []

/** `n` spaces (none for n ≤ 0), one string per width. */
function spaces(n: number): string {
  if (n <= 0) return ''
  let s = SPACES[n]
  if (s === undefined) {
    s = ' '.repeat(n)
    SPACES[n] = s
  }
  return s
}
