import {tabwriteCells} from './tabwriter.js'

/**
 * A table as istioctl writes one: cells joined by tabs, one line per row, laid out by Go's tabwriter
 * (minwidth 0, the given padding).
 */
export function table(header: readonly string[] | undefined, rows: readonly (readonly string[])[], padding: number): string {
  return tabwriteCells(header ? [header, ...rows] : [...rows], {padding})
}
