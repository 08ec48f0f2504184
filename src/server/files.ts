import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { SECURITY_HEADERS } from './headers.ts';

// Files over HTTP: the built app (with client-side routes falling back to
// index.html, and nothing outside its folder) and finished exports as downloads.

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pdf': 'application/pdf',
};

export function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

/** A file of the built app; 'malformed' when the address could not be decoded (answered 400). */
export function serveFile(req: IncomingMessage, res: ServerResponse, pathname: string, root: string, index: string): 'ok' | 'malformed' {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    send(res, 400, 'The address is not valid.', 'text/plain; charset=utf-8');
    return 'malformed';
  }
  let file = normalize(join(root, decoded));
  if (!file.startsWith(root + sep) && file !== root) {
    send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    return 'ok';
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = index; // client-side routes
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': statSync(file).size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return 'ok';
}

/** A finished export, as an attachment with its file name. */
export function sendDownload(res: ServerResponse, file: { path: string; fileName: string }): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': TYPES[extname(file.fileName)] ?? 'application/octet-stream',
    'Content-Length': statSync(file.path).size,
    'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'Cache-Control': 'no-store',
  });
  createReadStream(file.path).pipe(res);
}
