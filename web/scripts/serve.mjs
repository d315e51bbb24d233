// Serves the built page (dist/) on the local machine only: `npm run serve` and the browser
// tests. Static files with the right types (WebAssembly as application/wasm), nothing else;
// a path outside dist/ is refused.
//   node scripts/serve.mjs [--adress 127.0.0.1:4173] [--katalog dist]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** Starts a server for `root` on `host:port` (port 0: any free port); resolves to it and its URL. */
export async function serve(root, { host = "127.0.0.1", port = 0 } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) throw Object.assign(new Error("outside"), { code: "ENOENT" });
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("Finns inte.\n");
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  const address = server.address();
  return { server, url: `http://${host}:${address.port}/` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const [host, port] = option("--adress", "127.0.0.1:4173").split(/:(?=\d+$)/);
  const root = option("--katalog", fileURLToPath(new URL("../dist", import.meta.url)));
  try {
    await stat(join(root, "index.html"));
  } catch {
    console.error(`fel: ${root} har ingen index.html; bygg sidan först med \`npm run build\`.`);
    process.exit(2);
  }
  const { url } = await serve(root, { host, port: Number(port) });
  console.log(`Delegat i webbläsaren: ${url} (Ctrl+C avslutar)`);
}
