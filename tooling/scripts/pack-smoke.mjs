#!/usr/bin/env node
// Proves the published artefacts work for a user: pack every public package, install the
// tarballs into an empty project outside the repo, import every entry point under Node ESM and
// CommonJS, and typecheck a .ts file importing all of them with moduleResolution nodenext and
// bundler. Run after `pnpm build`.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { publicPackages, root } from './workspace.mjs'

const work = mkdtempSync(join(tmpdir(), 'ft-pack-smoke-'))
const tarballs = join(work, 'tarballs')
const app = join(work, 'app')
mkdirSync(tarballs)
mkdirSync(app)
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })

try {
  const packages = publicPackages()
  for (const { dir, name } of packages) {
    run('pnpm', ['pack', '--pack-destination', tarballs], dir)
    console.log(`  packed ${name}`)
  }
  const entries = packages.flatMap(({ name, exports }) =>
    Object.keys(exports)
      .filter((sub) => sub !== './package.json')
      .map((sub) => (sub === '.' ? name : `${name}/${sub.slice(2)}`)),
  )

  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'ft-consumer', private: true, type: 'module' }),
  )
  const files = readdirSync(tarballs).map((f) => join(tarballs, f))
  // vitest: the optional peer that @foundation-telemetry/testing/vitest needs; @opentelemetry/api:
  // the optional peer that @foundation-telemetry/sampler/otel needs.
  const extras = ['@types/node@24', 'vitest@5', '@opentelemetry/api@1.10.0']
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files, ...extras], app)
  console.log(`  installed ${files.length} tarballs into ${app}`)

  const esm = entries.map(
    (e, i) =>
      `import * as m${i} from '${e}'\nif (Object.keys(m${i}).length === 0) throw new Error('${e}: no exports')`,
  )
  writeFileSync(
    join(app, 'esm.mjs'),
    `${esm.join('\n')}\nconsole.log('  ESM: ${entries.length} entry points import')\n`,
  )
  // Vitest itself refuses require() with a clear error, so its matchers entry is checked under ESM only.
  const esmOnly = new Set(['@foundation-telemetry/testing/vitest'])
  const cjs = entries
    .filter((e) => !esmOnly.has(e))
    .map((e) => `if (Object.keys(require('${e}')).length === 0) throw new Error('${e}: no exports')`)
  writeFileSync(
    join(app, 'cjs.cjs'),
    `${cjs.join('\n')}\nconsole.log('  CJS: ${cjs.length} entry points require')\n`,
  )
  process.stdout.write(run(process.execPath, ['esm.mjs'], app) + run(process.execPath, ['cjs.cjs'], app))

  const ts = entries.map(
    (e, i) => `import * as m${i} from '${e}'\nexport const k${i}: string[] = Object.keys(m${i})`,
  )
  writeFileSync(join(app, 'check.ts'), `${ts.join('\n')}\n`)
  const tsc = join(root, 'node_modules/typescript/bin/tsc')
  for (const [module, resolution] of [
    ['nodenext', 'nodenext'],
    ['esnext', 'bundler'],
  ]) {
    const config = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        module,
        moduleResolution: resolution,
        target: 'es2023',
        types: ['node'],
        skipLibCheck: false,
      },
      files: ['check.ts'],
    }
    writeFileSync(join(app, `tsconfig.${resolution}.json`), JSON.stringify(config))
    run(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], app)
    console.log(`  types resolve and check with moduleResolution ${resolution}`)
  }
  console.log(`pack smoke: ${packages.length} packages, ${entries.length} entry points OK`)
} catch (error) {
  console.error(`pack smoke failed: ${error.message}`)
  process.exitCode = 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
