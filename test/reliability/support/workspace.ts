/**
 * The workspace's packages and their public entry points, read from each package.json `exports`
 * (the `source` condition): what the fuzz calls and what the suite imports. A package added to
 * packages/ is covered without editing the suite.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)))

export interface EntryPoint {
  /** The import specifier: `@foundation-telemetry/exporters/otlp`. */
  specifier: string
  /** The source file behind it. */
  file: string
  /** The package's name. */
  pkg: string
}

function sourceOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target.endsWith('.ts') ? target : undefined
  if (typeof target !== 'object' || target === null) return undefined
  const t = target as Record<string, unknown>
  if (typeof t.source === 'string') return t.source
  for (const value of Object.values(t)) {
    const found = sourceOf(value)
    if (found !== undefined) return found
  }
  return undefined
}

/** Every `exports` entry of every package under packages/ that has a source file. */
export function workspaceEntryPoints(): EntryPoint[] {
  const out: EntryPoint[] = []
  const dir = join(ROOT, 'packages')
  for (const name of readdirSync(dir).sort()) {
    const manifest = join(dir, name, 'package.json')
    if (!existsSync(manifest)) continue
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; exports?: unknown }
    if (typeof pkg.exports !== 'object' || pkg.exports === null) continue
    for (const [subpath, target] of Object.entries(pkg.exports as Record<string, unknown>)) {
      if (subpath.endsWith('.json')) continue
      const source = sourceOf(target)
      if (source === undefined) continue
      const file = join(dir, name, source)
      if (!existsSync(file)) continue
      out.push({
        specifier: subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`,
        file,
        pkg: pkg.name,
      })
    }
  }
  return out
}
