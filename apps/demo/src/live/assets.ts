/**
 * The dashboard's static files, served by the demo itself (no CDN: it works offline): the page,
 * its script and style, and uPlot from its npm package. Read once, kept in memory.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** One asset: its bytes and content type. */
export interface Asset {
  body: Buffer
  type: string
}

const here = dirname(fileURLToPath(import.meta.url))
const assetDir = join(here, '..', '..', 'assets')
const require = createRequire(import.meta.url)

function load(): Map<string, Asset> {
  const uplotDir = dirname(require.resolve('uplot/package.json'))
  const files: Array<[path: string, file: string, type: string]> = [
    ['/', join(assetDir, 'index.html'), 'text/html; charset=utf-8'],
    ['/assets/dashboard.js', join(assetDir, 'dashboard.js'), 'text/javascript; charset=utf-8'],
    ['/assets/dashboard.css', join(assetDir, 'dashboard.css'), 'text/css; charset=utf-8'],
    [
      '/assets/uPlot.iife.min.js',
      join(uplotDir, 'dist', 'uPlot.iife.min.js'),
      'text/javascript; charset=utf-8',
    ],
    ['/favicon.ico', join(assetDir, 'favicon.svg'), 'image/svg+xml'],
    ['/assets/uPlot.min.css', join(uplotDir, 'dist', 'uPlot.min.css'), 'text/css; charset=utf-8'],
  ]
  return new Map(files.map(([path, file, type]) => [path, { body: readFileSync(file), type }]))
}

let assets: Map<string, Asset> | undefined

/** The asset served at `path`, if any. */
export function dashboardAsset(path: string): Asset | undefined {
  assets ??= load()
  return assets.get(path)
}
