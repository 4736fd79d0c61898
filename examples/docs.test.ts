import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { type DocBlock, docFiles, docLine, extractBlocks, relativeDoc } from './docCodeBlocks.ts'

// Every TypeScript block of README.md, docs/ and the package READMEs compiles as a module of this
// examples package: a workspace app that depends on every package as a user's app would, under
// the repository's strict compiler options. How to mark a block that cannot compile on its own
// is in docCodeBlocks.ts and CONTRIBUTING.md.
const root = fileURLToPath(new URL('../', import.meta.url))
const here = fileURLToPath(new URL('./', import.meta.url))

function collect(): { blocks: DocBlock[]; skipped: number } {
  const blocks: DocBlock[] = []
  let skipped = 0
  for (const file of docFiles(root)) {
    const found = extractBlocks(relativeDoc(root, file), readFileSync(file, 'utf8'))
    blocks.push(...found.blocks)
    skipped += found.skipped
  }
  return { blocks, skipped }
}

/** `file:line: message` for every diagnostic of the blocks, compiled as one program. */
function compile(blocks: DocBlock[]): string[] {
  const base = ts.readConfigFile(`${root}tooling/tsconfig.base.json`, (p) => readFileSync(p, 'utf8'))
  const { options } = ts.convertCompilerOptionsFromJson(base.config.compilerOptions, here)
  options.noUnusedLocals = false
  const virtual = new Map<string, DocBlock>()
  // Each block is its own module (`export {}`), so names never collide between blocks.
  blocks.forEach((block, i) => {
    virtual.set(`${here}.doc-blocks/block${i}.ts`, block)
  })
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  const fileExists = host.fileExists.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  host.fileExists = (name) => virtual.has(name) || fileExists(name)
  host.readFile = (name) => {
    const block = virtual.get(name)
    return block === undefined ? readFile(name) : `${block.code}\nexport {}\n`
  }
  host.getSourceFile = (name, language, onError, shouldCreate) => {
    const block = virtual.get(name)
    if (block === undefined) return getSourceFile(name, language, onError, shouldCreate)
    return ts.createSourceFile(name, `${block.code}\nexport {}\n`, language)
  }
  const program = ts.createProgram([...virtual.keys()], options, host)
  const messages: string[] = []
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const block = diagnostic.file === undefined ? undefined : virtual.get(diagnostic.file.fileName)
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')
    if (block === undefined || diagnostic.file === undefined || diagnostic.start === undefined) {
      messages.push(`${diagnostic.file?.fileName ?? '(options)'}: ${text}`)
      continue
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    messages.push(`${block.doc}:${docLine(block, line)}: ${text}`)
  }
  return messages
}

describe('the TypeScript code blocks of the docs', () => {
  const { blocks } = collect()

  it('are found in README.md, docs/ and the package READMEs', () => {
    const docs = new Set(blocks.map((b) => b.doc))
    expect(docs).toContain('README.md')
    expect(docs).toContain('packages/core/README.md')
    expect(blocks.length).toBeGreaterThanOrEqual(10)
  })

  it('compile under the strict options (blocks marked `no-check` excepted)', () => {
    expect(compile(blocks)).toEqual([])
  }, 120_000)

  it('prepends a prelude to the later blocks of its file', () => {
    const doc = '<!--\n```ts prelude\ndeclare const n: number\n```\n-->\n\n```ts\nconst s: string = n\n```\n'
    const { blocks: withPrelude } = extractBlocks('prelude.md', doc)
    expect(compile(withPrelude)).toEqual([expect.stringMatching(/^prelude\.md:8: Type 'number'/)])
  }, 120_000)

  it('a block with a type error is reported at its Markdown line (the check can fail)', () => {
    const doc = '# x\n\n```ts\nconst n: number = 1\nconst s: string = n\n```\n'
    const { blocks: bad } = extractBlocks('bad.md', doc)
    expect(compile(bad)).toEqual([
      expect.stringMatching(/^bad\.md:5: Type 'number' is not assignable to type 'string'/),
    ])
  }, 120_000)
})

describe('package READMEs', () => {
  it('link to the repository with absolute URLs: they ship to npm without docs/', () => {
    for (const file of docFiles(root).filter((f) => f.includes('/packages/'))) {
      const relativeLinks = readFileSync(file, 'utf8').match(/\]\((?!https?:|#|mailto:)[^)]+\)/g) ?? []
      expect([relativeDoc(root, file), relativeLinks]).toEqual([relativeDoc(root, file), []])
    }
  })
})
