import type {Comparison} from '../pilot/compare.js'

/** Go's time.RFC1123 in UTC, as istioctl prints "RDS last loaded at". */
export function rfc1123(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toUTCString().replace(/GMT$/, 'UTC')
}

/** `Clusters Match` / `Clusters Don't Match` + the unified diff, per section, as istioctl prints them. */
export function comparisonText(c: Comparison): string {
  const lines: string[] = []
  for (const s of c.sections) {
    const rds = s.section === 'Routes' && c.rdsLastLoaded ? ` (RDS last loaded at ${rfc1123(c.rdsLastLoaded)})` : ''
    lines.push(`${s.section} ${s.match ? 'Match' : "Don't Match"}${rds}`, ...s.diff)
  }
  return `${lines.join('\n')}\n`
}
