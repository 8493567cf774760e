// The service worker (web.dev's offline cookbook): the app shell cached at install and served cache-first (hashed
// assets never change; the shell's version changes with them); the procedure catalogue stale-while-revalidate, so a
// procedure once seen opens offline; the HS code lookup network-first, its last answers kept (bounded) for when the
// phone is offline; everything else (sign-in, declarations, payments) goes to the network only.
const VERSION = '__VERSION__';
const SHELL = __SHELL__;
const SHELL_CACHE = `shell-${VERSION}`;
const CATALOGUE = 'catalogue-v1';
const scope = new URL(self.registration.scope);
const catalogue = new URL('../api/v1/procedures', scope).pathname;
const TARIFF = 'tariff-v1';
const TARIFF_KEPT = 200;
const tariff = new URL('../api/v1/tariff', scope).pathname;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((c) => c.addAll(SHELL.map((p) => new URL(p, scope).href))).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('shell-') && n !== SHELL_CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

async function staleWhileRevalidate(request) {
  const cache = await caches.open(CATALOGUE);
  const cached = await cache.match(request);
  const network = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    network.catch(() => {});
    return cached;
  }
  return network;
}

async function networkThenKept(request) {
  const cache = await caches.open(TARIFF);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
      const keys = await cache.keys();
      await Promise.all(keys.slice(0, Math.max(0, keys.length - TARIFF_KEPT)).map((k) => cache.delete(k)));
    }
    return response;
  } catch (e) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw e;
  }
}

async function shellFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch (e) {
    if (request.mode === 'navigate') return cache.match(new URL('./', scope).href);
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return;
  if (url.pathname === catalogue || url.pathname.startsWith(`${catalogue}/`)) {
    event.respondWith(staleWhileRevalidate(request));
    return;
  }
  if (url.pathname === tariff) {
    event.respondWith(networkThenKept(request));
    return;
  }
  if (request.mode === 'navigate' && url.pathname === scope.pathname && !url.search) {
    event.respondWith(shellFirst(request));
    return;
  }
  if (url.pathname.startsWith(scope.pathname) && SHELL.includes(url.pathname.slice(scope.pathname.length))) {
    event.respondWith(shellFirst(request));
  }
});
