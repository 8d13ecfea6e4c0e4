// Compiles the server for production: `npm run build` (and `npm install`, via postinstall) → dist/server.js.
// Packages stay external (node_modules is read at run time); our sources are bundled into one file.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { build } from 'esbuild'

const root = path.resolve(import.meta.dirname, '..')
const outdir = path.join(root, 'dist')

// Paths like path.resolve(import.meta.dirname, '../../public') were written for the source file's folder:
// point import.meta.dirname back at that folder, seen from dist/.
const keepDirname = {
  name: 'keep-import-meta-dirname',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8')
      const rel = path.relative(outdir, path.dirname(args.path)).split(path.sep).join('/')
      return { contents: text.replaceAll('import.meta.dirname', `(import.meta.dirname + ${JSON.stringify(`/${rel}`)})`), loader: 'ts' }
    })
  },
}

await build({
  entryPoints: [path.join(root, 'src/server.ts')],
  outfile: path.join(outdir, 'server.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [keepDirname],
})
