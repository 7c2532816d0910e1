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
  const width = SURROGATE.test(text) ? (cell: string) => [...cell].length : (cell: string) => cell.length
  const out: string[] = []
  let lines: string[][] = []
  const physical = text.split('\n')
  const endsWithNewline = physical.length > 1 && physical[physical.length - 1] === ''
  if (endsWithNewline) physical.pop()
  physical.forEach((line, i) => {
    const cells = line.split('\t')
    lines.push(cells)
    const isLast = i === physical.length - 1
    // Go flushes after a newline that ends a line with a single cell
    if (cells.length === 1 && (!isLast || endsWithNewline)) {
      flush(lines, out, {minwidth, padding, width}, true)
      lines = []
    }
  })
  if (lines.length > 0) flush(lines, out, {minwidth, padding, width}, endsWithNewline)
  return out.join('')
}

interface Layout {
  minwidth: number
  padding: number
  width: (cell: string) => number
}

function flush(lines: string[][], out: string[], {minwidth, padding, width: widthOf}: Layout, newlineAfterLast: boolean): void {
  const widths: number[] = []
  const write = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]
      let s = ''
      for (let j = 0; j < line.length; j++) {
        s += line[j]
        if (j < widths.length) s += ' '.repeat(Math.max(0, widths[j] - widthOf(line[j])))
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
