import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** A self-signed certificate for 127.0.0.1 made with the openssl CLI; undefined when openssl is absent. */
export function selfSignedCert(): {key: string; cert: string} | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'meshscope-tls-'))
  try {
    const r = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      {stdio: 'ignore'},
    )
    if (r.error || r.status !== 0) return undefined
    return {key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8')}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
