import {spawn} from 'node:child_process'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const FIXTURES = join(ROOT, 'test', 'fixtures')

export interface CliResult {
  stdout: string
  stderr: string
  code: number | null
}

/** Runs the built CLI (bin/run.js over dist/) as a user would, with colour off unless the test sets it. */
export function runCli(args: string[], opts: {stdin?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number} = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {
      cwd: ROOT,
      env: {...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, NODE_ENV: 'production', ...opts.env},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => err.push(d))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code})
    })
    if (opts.stdin !== undefined) child.stdin.end(opts.stdin)
    else child.stdin.end()
  })
}

/** Path of a fixture under test/fixtures. */
export const fixture = (...parts: string[]) => join(FIXTURES, ...parts)

/** Every JSON file under test/fixtures that holds a `configs` list: the real dumps of every era and tool. */
export function realDumps(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.json') ? [path] : []
    })
  return walk(FIXTURES).filter((path) => {
    try {
      return Array.isArray(JSON.parse(readFileSync(path, 'utf8')).configs)
    } catch {
      return false
    }
  })
}

/** Golden comparison as the issue defines it: line for line, trailing spaces aside. */
export function normalizeGolden(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n*$/, '\n')
}
