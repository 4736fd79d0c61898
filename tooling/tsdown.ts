import { defineConfig, type UserConfig } from 'tsdown'

/**
 * Every public package builds the same way: ESM and CommonJS side by side, declarations for
 * both (`.d.ts` / `.d.cts`), source maps, Node 22 as the target. See docs/decisions.md.
 */
export function packageBuild(entry: string[]): UserConfig {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'node22',
    dts: true,
    sourcemap: true,
    clean: true,
    unbundle: false,
    fixedExtension: false,
  })
}
