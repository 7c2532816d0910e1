import type {Draft, Rule} from '../types.js'
import {heldCerts} from './certificates.js'

const DAY = 86_400_000

/**
 * Certificates expired, or expiring within --cert-warn-days. Istio's workload certificates live 24 hours
 * and are rotated at half their life, so one is reported only when it is also past half its life: a
 * fresh workload certificate is always "within 7 days" and is fine.
 */
export const certExpiry: Rule = {
  id: 'cert-expiry',
  title: 'workload certificates or root CA expired or expiring within --cert-warn-days',
  run(s, ctx) {
    const certs = heldCerts(s, ctx.now)
    if (certs.length === 0) return {skipped: 'the proxy holds no certificate in its secrets (SDS) and /certs was not read'}
    const now = ctx.now.getTime()
    const findings: Draft[] = []
    for (const c of certs) {
      const end = Date.parse(c.notAfter)
      const what = c.isCA ? 'root CA' : 'workload certificate'
      const resource = `secret/${c.name}`
      if (end <= now) {
        findings.push({
          severity: 'error',
          resource,
          message: `${what} (serial ${c.serialNumber}) expired at ${c.notAfter}: TLS to and from this proxy fails`,
          suggestion: c.isCA ? 'Rotate the mesh root CA (istio-ca-secret / cacerts) and restart the proxies' : 'The proxy stopped rotating its certificate: check that it reaches istiod (or your CA) and restart the pod',
        })
        continue
      }
      if (end - now > ctx.certWarnDays * DAY) continue
      const start = c.notBefore ? Date.parse(c.notBefore) : Number.NaN
      if (!c.isCA && Number.isFinite(start) && now < start + (end - start) / 2) continue
      findings.push({
        severity: 'warning',
        resource,
        message: `${what} (serial ${c.serialNumber}) expires at ${c.notAfter}, within ${ctx.certWarnDays} day(s)${c.isCA ? '' : ', and it is past the half of its life when it should have been rotated'}`,
        suggestion: c.isCA ? 'Plan the root CA rotation now: https://istio.io/latest/docs/tasks/security/cert-management/' : 'Check that the proxy can reach istiod (or your CA) to renew it: meshscope proxy-status, and the proxy logs',
      })
    }
    return {findings}
  },
}
