import { packageBuild } from '../../tooling/tsdown.ts'

// The CLI and the worker thread are entries of their own: the bin runs dist/cli.js and worker
// threads load dist/workerMain.js. `shims` gives the CommonJS build `import.meta.url`, which
// locates the worker and uPlot's files.
export default { ...packageBuild(['src/index.ts', 'src/cli.ts', 'src/workerMain.ts']), shims: true }
