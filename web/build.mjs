// Builds the phone app into a folder of the web module's jar (default target/classes/webroot):
//   node build.mjs [--out DIR]
// Bundles and minifies the JavaScript and the CSS with esbuild (pinned in package-lock.json, installed here with
// npm ci when missing or older than the lock file) under content-hashed names in assets/, writes index.html pointing
// at them, the service worker with the shell's file list and version, the icons, and files.txt (what the api
// serves). The officer's desk is a page of its own (desk.html with its own bundle, src/js/desk.js and src/desk.css).
// Fails when the first load of either page (HTML + JS + CSS, gzip-compressed) exceeds the budget of 100 KB.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(here, 'target', 'classes', 'webroot');
const BUDGET = 100 * 1024;

const lock = join(here, 'package-lock.json');
const installed = join(here, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('[web] installing the build tools (npm ci)');
  execSync('npm ci --no-audit --no-fund --loglevel=error', { cwd: here, stdio: 'inherit' });
}
const esbuild = await import('esbuild');

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

// Split: the pages a citizen never opens (a trader's declaration, keys, list) are chunks loaded when first routed to,
// so the first load's main thread parses and runs only the shell and the catalogue's pages.
const result = await esbuild.build({
  entryPoints: { app: join(here, 'src', 'js', 'main.js'), style: join(here, 'src', 'app.css') },
  bundle: true,
  minify: true,
  format: 'esm',
  splitting: true,
  target: ['es2020'],
  entryNames: 'assets/[name]-[hash]',
  chunkNames: 'assets/[name]-[hash]',
  outdir: out,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const rel = (p) => relative(out, p).split('\\').join('/');
const metaOut = result.metafile.outputs;
const outputs = Object.keys(metaOut).map(rel);
const js = rel(Object.keys(metaOut).find((p) => p.endsWith('.js') && metaOut[p].entryPoint));
const css = outputs.find((p) => p.endsWith('.css'));
const chunks = outputs.filter((p) => p.endsWith('.js') && p !== js);
// what the first load fetches: the entry and the chunks it imports statically (not those imported on demand)
const firstJs = [];
const follow = (p) => {
  if (firstJs.includes(rel(p))) return;
  firstJs.push(rel(p));
  for (const i of metaOut[p].imports) if (i.kind === 'import-statement') follow(i.path);
};
follow(Object.keys(metaOut).find((p) => rel(p) === js));

// the entry's static chunks preloaded with it: fetched in parallel, not discovered one after the other
const preload = firstJs.filter((f) => f !== js).map((f) => `<link rel="modulepreload" href="${f}">`).join('\n');
const html = readFileSync(join(here, 'src', 'index.html'), 'utf8').replace('__CSS__', css).replace('__JS__', js)
  .replace('__PRELOAD__', preload);
writeFileSync(join(out, 'index.html'), html);
copyFileSync(join(here, 'src', 'manifest.webmanifest'), join(out, 'manifest.webmanifest'));
copyFileSync(join(here, 'src', 'icon.svg'), join(out, 'icon.svg'));
writeFileSync(join(out, 'icon-192.png'), icon(192));
writeFileSync(join(out, 'icon-512.png'), icon(512));

// every chunk is in the shell: a trader's pages open offline too once the service worker is installed
const shell = ['./', js, ...chunks, css, 'manifest.webmanifest', 'icon.svg', 'icon-192.png'];
const version = createHash('sha256');
for (const f of shell.slice(1)) version.update(readFileSync(join(out, f)));
version.update(html);
const sw = readFileSync(join(here, 'src', 'sw.js'), 'utf8')
  .replace('__VERSION__', version.digest('hex').slice(0, 16))
  .replace('__SHELL__', JSON.stringify(shell));
writeFileSync(join(out, 'sw.js'), (await esbuild.transform(sw, { minify: true, target: 'es2020' })).code);

// The officer's desk: a page of its own (desk.html, desktop-first), so the phone's first load carries none of it.
const desk = await esbuild.build({
  entryPoints: { desk: join(here, 'src', 'js', 'desk.js'), 'desk-style': join(here, 'src', 'desk.css') },
  bundle: true, minify: true, format: 'esm', target: ['es2020'], entryNames: 'assets/[name]-[hash]', outdir: out,
  metafile: true, legalComments: 'none', logLevel: 'warning',
});
const deskOut = Object.keys(desk.metafile.outputs).map((p) => relative(out, p).split('\\').join('/'));
const deskJs = deskOut.find((p) => p.endsWith('.js'));
const deskCss = deskOut.find((p) => p.endsWith('.css'));
writeFileSync(join(out, 'desk.html'), readFileSync(join(here, 'src', 'desk.html'), 'utf8')
  .replace('__CSS__', css).replace('__DESK_CSS__', deskCss).replace('__JS__', deskJs));

const files = ['index.html', 'sw.js', 'manifest.webmanifest', 'icon.svg', 'icon-192.png', 'icon-512.png', js, ...chunks, css,
  'desk.html', deskJs, deskCss];
writeFileSync(join(out, 'files.txt'), `${files.join('\n')}\n`);

// The budget: what a first load of any page downloads (the same shell serves every route; the desk has its own).
let report = '';
let over = false;
for (const [page, parts] of [['first load', ['index.html', ...firstJs, css]], ['desk first load', ['desk.html', deskJs, css, deskCss]]]) {
  const sizes = parts.map((f) => [f, gzipSync(readFileSync(join(out, f)), { level: 9 }).length]);
  const total = sizes.reduce((s, [, n]) => s + n, 0);
  report += `${sizes.map(([f, n]) => `${f}: ${n} B gzip`).join('\n')}\n${page}: ${total} B gzip of ${BUDGET} B budget\n`;
  if (total > BUDGET) {
    console.error(`[web] the ${page} is ${total} B compressed, over the ${BUDGET} B budget`);
    over = true;
  }
}
process.stdout.write(`[web] ${report.replace(/\n(?=.)/g, '\n[web] ')}`);
writeFileSync(join(here, 'target', 'web-budget.txt'), report);
if (over) process.exit(1);

/** A square PNG icon: the brand blue with a white shield-like badge (no image library needed). */
function icon(size) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const u = x / size - 0.5;
      const v = y / size - 0.5;
      const inShield = Math.abs(u) < 0.28 && v > -0.32 && v < 0.1 + 0.25 * (1 - Math.abs(u) / 0.28) ** 0.5 - 0.05;
      const [r, g, b] = inShield ? [255, 255, 255] : [11, 79, 148];
      const i = y * (size * 4 + 1) + 1 + x * 4;
      raw[i] = r; raw[i + 1] = g; raw[i + 2] = b; raw[i + 3] = 255;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
