/**
 * A port of Go's text/tabwriter (left-aligned, space padding, no flags), which istioctl uses for every
 * table. Porting the algorithm rather than approximating it is what makes the output identical to
 * istioctl's: column blocks end at lines with fewer cells, and a line without tabs flushes the block.
 */
export interface TabwriterOptions {
  minwidth?: number
  padding?: number
}

interface Cell {
  text: string
  width: number
}

export function tabwrite(text: string, {minwidth = 0, padding = 1}: TabwriterOptions = {}): string {
  const out: string[] = []
  let lines: Cell[][] = []
  const physical = text.split('\n')
  const endsWithNewline = physical.length > 1 && physical[physical.length - 1] === ''
  if (endsWithNewline) physical.pop()
  physical.forEach((line, i) => {
    const cells = line.split('\t').map((t) => ({text: t, width: [...t].length}))
    lines.push(cells)
    const isLast = i === physical.length - 1
    // Go flushes after a newline that ends a line with a single cell
    if (cells.length === 1 && (!isLast || endsWithNewline)) {
      flush(lines, out, minwidth, padding, true)
      lines = []
    }
  })
  if (lines.length > 0) flush(lines, out, minwidth, padding, endsWithNewline)
  return out.join('')
}

function flush(lines: Cell[][], out: string[], minwidth: number, padding: number, newlineAfterLast: boolean): void {
  const widths: number[] = []
  const write = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]
      let s = ''
      line.forEach((c, j) => {
        s += c.text
        if (j < widths.length) s += ' '.repeat(Math.max(0, widths[j] - c.width))
      })
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
        const w = line[column].width + padding
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
