// Bundle the page and its two web workers into dist/ (no CDN: everything is served locally).
import { build } from 'esbuild'

const common = { bundle: true, minify: true, logLevel: 'warning', target: 'chrome110' }

await build({
  ...common,
  entryPoints: { main: 'src/main.js' },
  outdir: 'dist',
  format: 'iife',
  loader: { '.ttf': 'file' },
})
await build({
  ...common,
  entryPoints: {
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'yaml.worker': 'monaco-yaml/yaml.worker.js',
  },
  outdir: 'dist',
  format: 'iife',
})
