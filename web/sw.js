// pyml's service worker: the site works offline after the first visit.
//
// build.py writes BUILD (a hash of every file of the build) and FILES (every file of the site)
// into the copy of this file in dist/. A new build is a new sw.js, so the browser installs it
// at once: it caches that build's files under a new name, takes over open pages and deletes the
// caches of older builds; a site never mixes two builds. Registered by web/js/runtime.js once
// Python is ready.
"use strict";

const BUILD = "__PYML_BUILD__";
const FILES = ["__PYML_FILES__"];
const CACHE = `pyml-site-${BUILD}`;
const scope = new URL(self.registration.scope);

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // no-cache: revalidated with the server (a 304 when the browser has the file already).
    await cache.addAll(FILES.map((file) => new Request(new URL(file, scope), { cache: "no-cache" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("pyml-site-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Network first: online, pages load exactly as without this worker (the browser's HTTP cache
// revalidates, and keeps the compiled WebAssembly); the cache answers when the network fails.
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== scope.origin) return;
  event.respondWith(fetch(event.request).catch(async (error) => {
    const cache = await caches.open(CACHE);
    // Pages carry their settings in the query (embed.html?dataset=xor): one cached page for all.
    const found = await cache.match(event.request, { ignoreSearch: event.request.mode === "navigate" });
    if (!found) throw error;
    return found;
  }));
});
