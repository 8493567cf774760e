// Lighthouse (mobile emulation, its default simulated slow 4G and 4x CPU slow-down) on three pages of the phone app,
// with the system Chromium (CHROME_PATH). Run by ops/lighthouse, which starts the api with the development issuer.
//   node audit.mjs APP_URL PROCEDURE_CODE OUT_DIR
// The declaration form needs a signed-in trader: this script signs in the way the app does (authorization code with
// PKCE against the development issuer, whose authorize endpoint issues the code at once when given the role), in the
// same tab, then audits the form without clearing that tab's storage (the session lives in sessionStorage). That page
// is therefore audited with the app's files already in the browser's caches (the service worker's included); the
// other two are audited cold, storage cleared.
// Prints each page's four category scores; exits 1 when one is below performance 90, accessibility 100, best
// practices 95.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';

const [appUrl, code, outDir] = process.argv.slice(2);
if (!appUrl || !code || !outDir) {
  console.error('usage: node audit.mjs APP_URL PROCEDURE_CODE OUT_DIR');
  process.exit(2);
}
const MIN = { performance: 90, accessibility: 100, 'best-practices': 95 };
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
mkdirSync(outDir, { recursive: true });

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const b64url = (b) => Buffer.from(b).toString('base64url');

async function signIn(page) {
  const base = new URL(appUrl);
  const config = await (await fetch(new URL('config.json', base))).json();
  const discovery = await (await fetch(new URL(config.discovery, base))).json();
  const verifier = b64url(randomBytes(32));
  const state = b64url(randomBytes(16));
  await page.goto(base.href, { waitUntil: 'load' });
  await page.evaluate((p) => sessionStorage.setItem('dc.signin', JSON.stringify(p)),
    { verifier, state, returnTo: '#/declare' });
  const authorize = new URL(discovery.authorization_endpoint, new URL(config.discovery, base));
  authorize.search = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: base.href, scope: config.scope || 'openid',
    state, code_challenge: b64url(createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
    role: 'trader', tax_code: '0101234567', sub: 'lighthouse',
  }).toString();
  await page.goto(authorize.href, { waitUntil: 'load' });
  await page.waitForFunction(() => sessionStorage.getItem('dc.session') !== null, { timeout: 15000 });
}

const pages = [
  { name: 'home', url: new URL('#/', appUrl).href },
  { name: 'procedure', url: new URL(`#/procedures/${encodeURIComponent(code)}`, appUrl).href },
  { name: 'declaration form', url: new URL('#/declare', appUrl).href, signIn: true },
];
let failed = false;
for (const p of pages) {
  const page = await browser.newPage();
  if (p.signIn) await signIn(page);
  const result = await lighthouse(p.url, {
    output: ['html', 'json'], logLevel: 'error', onlyCategories: CATEGORIES, disableStorageReset: Boolean(p.signIn),
  }, undefined, page);
  const slug = p.name.replace(/\W+/g, '-');
  writeFileSync(`${outDir}/${slug}.html`, result.report[0]);
  writeFileSync(`${outDir}/${slug}.json`, result.report[1]);
  const lhr = result.lhr;
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
  const low = Object.entries(MIN).filter(([c, min]) => scores[c] < min).map(([c]) => c);
  console.log(`${p.name.padEnd(17)} performance ${scores.performance}, accessibility ${scores.accessibility},`
    + ` best practices ${scores['best-practices']}, SEO ${scores.seo}  (${lhr.finalDisplayedUrl})`
    + (low.length ? `  BELOW TARGET: ${low.join(', ')}` : ''));
  for (const c of low) {
    for (const ref of lhr.categories[c].auditRefs) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) {
        console.log(`    ${c}: ${a.id} (${a.score}) ${a.title}${a.displayValue ? ` - ${a.displayValue}` : ''}`);
      }
    }
  }
  failed ||= low.length > 0;
  await page.close();
}
await browser.close();
console.log(`reports: ${outDir}`);
process.exit(failed ? 1 : 0);
