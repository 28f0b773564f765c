// Monaco + monaco-yaml (yaml-language-server) set up like VS Code with the Red Hat YAML extension:
// the catalog file's own `# yaml-language-server: $schema=...` line picks the schema.
import 'monaco-editor/esm/vs/editor/editor.all.js'
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js'
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js'
import { configureMonacoYaml } from 'monaco-yaml'

globalThis.MonacoEnvironment = {
  getWorker(_moduleId, label) {
    return new Worker(label === 'yaml' ? 'dist/yaml.worker.js' : 'dist/editor.worker.js')
  },
}

// Open `text` as the repository file `path` (e.g. catalog/credentials/x.yaml). The schema, bundled from
// schema/credential.schema.json by screenshot.py, is registered under the URI its modeline points at.
async function open({ path, text, schemaUrl, schemaUri, fontSize }) {
  const schema = await (await fetch(schemaUrl)).json()
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    completion: true,
    hover: true,
    validate: true,
    schemas: [{ uri: schemaUri, schema }],
  })
  const model = monaco.editor.createModel(text, 'yaml', monaco.Uri.parse(`file:///${path}`))
  document.getElementById('tab').textContent = path.split('/').pop()
  document.getElementById('crumbs').textContent = path.split('/').join(' › ')
  // The light theme without the tint Monaco gives folded sections, so the folded outline reads plainly.
  monaco.editor.defineTheme('catalog-light', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: { 'editor.foldBackground': '#00000000' },
  })
  const editor = monaco.editor.create(document.getElementById('editor'), {
    model,
    theme: 'catalog-light',
    fontSize,
    lineHeight: Math.round(fontSize * 1.45),
    fontFamily: "'DejaVu Sans Mono', 'Liberation Mono', monospace",
    minimap: { enabled: false },
    lightbulb: { enabled: 'off' }, // Monaco would draw the quick-fix bulb over the next line's text
    wordWrap: 'on',
    scrollBeyondLastLine: false,
    renderLineHighlight: 'line',
    automaticLayout: true,
    quickSuggestions: { other: true, comments: false, strings: false },
    suggest: { showStatusBar: true },
    hover: { delay: 100 },
    fixedOverflowWidgets: true,
  })
  globalThis.editor = editor
  globalThis.monaco = monaco
  return true
}

globalThis.openFile = open
