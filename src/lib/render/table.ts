import {tabwrite} from './tabwriter.js'

/**
 * A table as istioctl writes one: cells joined by tabs, one line per row, laid out by Go's tabwriter
 * (minwidth 0, the given padding).
 */
export function table(header: readonly string[] | undefined, rows: readonly (readonly string[])[], padding: number): string {
  const lines: string[] = []
  if (header) lines.push(header.join('\t'))
  for (const r of rows) lines.push(r.join('\t'))
  return tabwrite(lines.map((l) => `${l}\n`).join(''), {padding})
}
