// A small static server for dist/: the right MIME types, a strict Content-Security-Policy,
// and the pre-compressed files the build writes. Listens on 127.0.0.1 only.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";

const root = resolve(process.argv[2] ?? "dist");
const port = Number(process.env.PORT ?? 8080);

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
};

const policy =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; " +
  "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

async function exists(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export function serve(dir = root, listenPort = port) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, "http://localhost");
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    let path = join(dir, relative);
    if (!path.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    if (relative === "/" || relative.endsWith("/")) path = join(path, "index.html");
    if (!(await exists(path))) {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    const headers = {
      "Content-Type": types[extname(path)] ?? "application/octet-stream",
      "Content-Security-Policy": policy,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-cache",
      Vary: "Accept-Encoding",
    };
    const accepts = request.headers["accept-encoding"] ?? "";
    let file = path;
    for (const [encoding, suffix] of [["br", ".br"], ["gzip", ".gz"]]) {
      if (accepts.includes(encoding) && (await exists(path + suffix))) {
        file = path + suffix;
        headers["Content-Encoding"] = encoding;
        break;
      }
    }
    const body = await readFile(file);
    headers["Content-Length"] = body.length;
    response.writeHead(200, headers);
    response.end(request.method === "HEAD" ? undefined : body);
  });
  return new Promise((ready) => server.listen(listenPort, "127.0.0.1", () => ready(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await serve();
  console.log(`Promoted is served at http://127.0.0.1:${server.address().port}/ (Ctrl+C stops)`);
}
