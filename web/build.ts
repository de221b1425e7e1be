import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * Builds the Mini App's page (web/app) into one JS and one CSS bundle, named
 * by their content, and an index.html naming them. Preact on esbuild: the
 * bundler the server build already uses, no second toolchain (README, "Mini
 * App"). Texts (.ftl) are bundled as text: nothing is fetched at run time but
 * our own API.
 */
const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEBAPP_OUT_DIR = path.join(ROOT, 'dist', 'webapp');
/** The budget for the page's JS + CSS, gzipped. */
export const WEBAPP_BUDGET_GZIP_BYTES = 80 * 1024;

export interface WebBuild {
  dir: string;
  files: { name: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

export async function buildWebApp(outDir = WEBAPP_OUT_DIR): Promise<WebBuild> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(ROOT, 'web', 'app', 'main.tsx')],
    outdir: path.join(outDir, 'assets'),
    entryNames: 'app-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome100', 'safari15', 'firefox100'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.ftl': 'text' },
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs);
  const js = outputs.find((f) => f.endsWith('.js'))!;
  const css = outputs.find((f) => f.endsWith('.css'))!;
  const html = readFileSync(path.join(ROOT, 'web', 'app', 'index.html'), 'utf8')
    .replace('%APP_JS%', `./assets/${path.basename(js)}`)
    .replace('%APP_CSS%', `./assets/${path.basename(css)}`);
  writeFileSync(path.join(outDir, 'index.html'), html);
  const files = [js, css].map((f) => {
    const bytes = readFileSync(f);
    return { name: path.basename(f), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return { dir: outDir, files, gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildWebApp(process.argv[2] ? path.resolve(process.argv[2]) : WEBAPP_OUT_DIR);
  const kb = (n: number) => (n / 1024).toFixed(1);
  for (const f of out.files) console.log(`${f.name}: ${kb(f.bytes)} KB, ${kb(f.gzipBytes)} KB gzipped`);
  console.log(`Mini App: ${kb(out.gzipBytes)} KB gzipped (budget ${kb(WEBAPP_BUDGET_GZIP_BYTES)} KB) → ${out.dir}`);
}
