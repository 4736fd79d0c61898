// The public (publishable) packages of the workspace, read from packages/*/package.json.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const root = new URL('../../', import.meta.url).pathname

/** @returns {{ dir: string, name: string, version: string, exports: Record<string, unknown> }[]} */
export function publicPackages() {
  return readdirSync(join(root, 'packages'))
    .map((entry) => join(root, 'packages', entry))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private)
    .map(({ dir, pkg }) => ({ dir, name: pkg.name, version: pkg.version, exports: pkg.exports ?? {} }))
}
