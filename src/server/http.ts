import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { send, sendDownload, serveFile } from './files.ts';
import type { Envelope } from '../shared/api.ts';
import type { ErrorCode } from '../shared/errors.ts';
import { TEACHER_LARGE_BODY, TEACHER_PASSIVE } from '../shared/teacher-api.ts';
import type { TeacherSessions } from '../core/teacher/sessions.ts';
import type { ExportJobs } from '../core/export/jobs.ts';
import { dispatch, type AllHandlers } from '../core/services/dispatch.ts';
import type { CallContext } from '../core/services/teacher-service.ts';
import type { ClassroomEventSource } from '../core/classroom/streams.ts';
import { streamClassroomEvents } from './classroom-stream.ts';
import { readCookie, SECURITY_HEADERS } from './headers.ts';

/** Request bodies above this size are refused with 413 before they are read in full. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Files a teacher uploads (a roster, a backup) may be larger. */
export const MAX_TEACHER_UPLOAD_BYTES = 64 * 1024 * 1024;
const TEACHER_COOKIE = 'lede_teacher';
const SETUP_COOKIE = 'lede_setup';
/**
 * A request refused for coming too fast is answered after this delay: a client
 * that floods gets few answers a second on each connection, and costs little.
 */
export const RATE_LIMITED_DELAY_MS = 1000;
/** A request (headers and body) must arrive within this time, or the connection is closed. */
export const REQUEST_TIMEOUT_MS = 15_000;
export const HEADERS_TIMEOUT_MS = 10_000;


const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  forbidden: 403,
  locked: 401,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  paused: 423,
  unavailable: 503,
  offline: 503,
  internal: 500,
};

export interface HttpOptions {
  /** The student's calls, plus the teacher's where this server offers the teacher area. */
  handlers: AllHandlers;
  /** Finished exports, downloadable by the teacher. */
  jobs?: ExportJobs;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  host?: string;
  port?: number;
  log?: (e: unknown) => void;
  /** Other names (addresses) this server may be reached by, besides loopback. */
  allowedHosts?: string[];
  /** A classroom session's event stream, served at GET /events (classroom-stream.ts). */
  events?: ClassroomEventSource;
  /** Where the teacher area is unlocked (absent: this server has no teacher area). */
  teacherSessions?: TeacherSessions;
  /**
   * The one-time set-up link's secret, while no teacher PIN is chosen: only a
   * browser that opened `/setup/<secret>` may choose it. `value` becomes null once used.
   */
  setup?: { value: string | null };
  /** Open connections in all, and per client address (where `limitAddress` says so). */
  maxConnections?: number;
  maxConnectionsPerAddress?: number;
  limitAddress?: (ip: string) => boolean;
  /** Overrides of the request timeouts (tests). */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  close: () => Promise<void>;
}


function sendEnvelope(res: ServerResponse, env: Envelope<unknown>): void {
  const status = env.ok ? 200 : STATUS[env.error.code];
  send(res, status, JSON.stringify(env), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store' });
}

function fail(res: ServerResponse, code: ErrorCode, message: string): void {
  sendEnvelope(res, { ok: false, error: { code, message } });
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      resolveBody(null);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolveBody(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The names a browser may use for this server; anything else is refused (DNS rebinding). */
/** How many Host headers a request has (rawHeaders: name, value, name, value…). */
export function hostHeaders(rawHeaders: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === 'host') n++;
  return n;
}

function allowedHost(host: string | undefined, port: number, extra: readonly string[]): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...extra.map((x) => `${x.includes(':') ? `[${x}]` : x}:${port}`)].includes(h);
}

/** The student app and its API over HTTP, for browsers (`lede serve`, classroom sessions). */
export function startHttpServer(opts: HttpOptions): Promise<RunningServer> {
  const staticRoot = resolve(opts.staticDir);
  const index = join(staticRoot, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`The app has not been built (no ${index}). Run "npm run build" first.`);
  }
  const log = opts.log ?? console.error;
  let port = opts.port ?? 0;

  // Teacher sessions: an unguessable token in an HttpOnly, SameSite=Strict session
  // cookie (gone when the browser closes); the server ends it when the teacher is idle.
  const sessions = opts.teacherSessions;
  const setCookie = (res: ServerResponse, name: string, value: string, maxAge?: number) =>
    res.appendHeader('Set-Cookie', `${name}=${value}; HttpOnly; SameSite=Strict; Path=/${maxAge === undefined ? '' : `; Max-Age=${maxAge}`}`);
  const contextFor = (req: IncomingMessage, res: ServerResponse, call?: string): CallContext => {
    const token = readCookie(req, TEACHER_COOKIE);
    const active = call === undefined || !(TEACHER_PASSIVE as ReadonlySet<string>).has(call);
    const setup = opts.setup;
    return {
      teacher: sessions?.check(token, active) ?? false,
      grantTeacher: () => {
        if (sessions) setCookie(res, TEACHER_COOKIE, sessions.grant());
      },
      revokeTeacher: () => {
        sessions?.revoke(token);
        setCookie(res, TEACHER_COOKIE, '', 0);
      },
      mayChoosePin: Boolean(setup?.value && readCookie(req, SETUP_COOKIE) === setup.value),
      pinChosen: () => {
        if (setup) setup.value = null;
        setCookie(res, SETUP_COOKIE, '', 0);
      },
      clientIp: req.socket.remoteAddress ?? 'unknown',
      cookie: (name) => readCookie(req, name),
      setCookie: (name, value, maxAge) => setCookie(res, name, value, maxAge),
    };
  };

  /** The one-time set-up link: remembers its secret in this browser, then opens the teacher area. */
  const setupRoute = (res: ServerResponse, secret: string) => {
    if (!opts.setup?.value || secret !== opts.setup.value) {
      return send(res, 404, 'This set-up link has already been used, or it is not this server’s. The teacher PIN is chosen once; use it to open the teacher area.', 'text/plain; charset=utf-8');
    }
    setCookie(res, SETUP_COOKIE, secret);
    res.writeHead(303, { ...SECURITY_HEADERS, Location: '/#/teacher', 'Cache-Control': 'no-store' });
    res.end();
  };

  const download = (req: IncomingMessage, res: ServerResponse, jobId: string) => {
    if (!opts.jobs || !opts.handlers.startExport || !sessions?.check(readCookie(req, TEACHER_COOKIE), true)) return send(res, 403, 'The teacher area is locked.', 'text/plain; charset=utf-8');
    let file;
    try {
      file = opts.jobs.file(jobId);
    } catch (err) {
      return send(res, 404, (err as Error).message, 'text/plain; charset=utf-8');
    }
    sendDownload(res, file);
  };

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    const r = serveFile(req, res, pathname, staticRoot, index);
    if (r === 'malformed') log(`HTTP 400: a malformed address (${pathname.slice(0, 80)}) from ${req.socket.remoteAddress ?? 'a client'}`);
  };

  const server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    void (async () => {
      // Node keeps the first of two Host headers; a request with two is not one Lede answers.
      if (hostHeaders(req.rawHeaders) > 1) {
        res.shouldKeepAlive = false;
        return send(res, 400, 'A request has one Host header.', 'text/plain; charset=utf-8');
      }
      if (!allowedHost(req.headers.host, port, opts.allowedHosts ?? [])) return send(res, 421, 'This address is not served here.', 'text/plain; charset=utf-8');
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        return send(res, 400, 'The address is not valid.', 'text/plain; charset=utf-8');
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return fail(res, 'not_found', 'API calls are POST requests.');
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== `http://${req.headers.host}`) return fail(res, 'forbidden', 'Requests from other sites are not accepted.');
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return fail(res, 'invalid_input', 'API calls must send JSON.');
        const name = url.pathname.slice('/api/'.length);
        const ctx = contextFor(req, res, name);
        const limit = ctx.teacher && (TEACHER_LARGE_BODY as ReadonlySet<string>).has(name) && opts.handlers[name as 'importBackup'] ? MAX_TEACHER_UPLOAD_BYTES : MAX_BODY_BYTES;
        const body = await readBody(req, limit).catch(() => undefined);
        if (body === undefined) return; // the client went away mid-upload: nothing to answer
        if (body === null) return fail(res, 'too_large', limit === MAX_BODY_BYTES ? `The request is larger than ${MAX_BODY_BYTES / 1024} KB.` : 'The file is larger than 64 MB.');
        let input: unknown;
        try {
          input = body.length ? JSON.parse(body.toString('utf8')) : {};
        } catch {
          return fail(res, 'invalid_input', 'The request is not valid JSON.');
        }
        const env = await dispatch(opts.handlers, name, input, ctx, log);
        if (!env.ok && env.error.code === 'rate_limited') await new Promise((r) => setTimeout(r, RATE_LIMITED_DELAY_MS));
        return sendEnvelope(res, env);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
      if (url.pathname.startsWith('/export/')) return download(req, res, url.pathname.slice('/export/'.length));
      if (url.pathname.startsWith('/setup/')) return setupRoute(res, url.pathname.slice('/setup/'.length));
      if (opts.events && url.pathname === '/events') return streamClassroomEvents(opts.events, req, res);
      serveStatic(req, res, url.pathname);
    })().catch((err: unknown) => {
      log(err);
      if (!res.headersSent) fail(res, 'internal', 'Something went wrong inside Lede.');
      else res.destroy();
    });
  });
  // A request that trickles in is cut off: its headers within 10 s, all of it
  // within 15 s (checked every second, not every 30 s as by default).
  server.requestTimeout = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, server.requestTimeout);
  // A client that drops its connection mid-request, or is too slow, is not an error
  // of Lede's: it is answered (or cut off) without a word in the log. Anything else
  // a client sends that is not HTTP gets one line.
  const quiet = new Set(['ECONNRESET', 'EPIPE', 'HPE_INVALID_EOF_STATE', 'ERR_HTTP_REQUEST_TIMEOUT', 'ERR_HTTP_HEADERS_TIMEOUT']);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: import('node:net').Socket) => {
    if (!quiet.has(err.code ?? '')) log(`HTTP 400: ${err.code ?? 'a bad request'} from ${socket.remoteAddress ?? 'a client'}`);
    if (socket.writable && err.code !== 'ECONNRESET') {
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      // The same security headers as every other answer; then the socket is destroyed, not ended: a client that
      // never reads or closes cannot keep it open.
      const headers = Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      socket.write(`HTTP/1.1 ${status}\r\n${headers}Content-Length: 0\r\nConnection: close\r\n\r\n`, () => socket.destroy());
      socket.setTimeout(1000, () => socket.destroy());
    } else socket.destroy();
  });
  if (opts.maxConnections) server.maxConnections = opts.maxConnections;
  if (opts.maxConnectionsPerAddress) {
    const perAddress = new Map<string, number>();
    const limit = opts.maxConnectionsPerAddress;
    server.on('connection', (socket) => {
      const ip = socket.remoteAddress ?? 'unknown';
      if (opts.limitAddress && !opts.limitAddress(ip)) return;
      const n = (perAddress.get(ip) ?? 0) + 1;
      if (n > limit) {
        socket.destroy();
        return;
      }
      perAddress.set(ip, n);
      socket.once('close', () => {
        const left = (perAddress.get(ip) ?? 1) - 1;
        if (left > 0) perAddress.set(ip, left);
        else perAddress.delete(ip);
      });
    });
  }

  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      const bound = opts.host ?? '127.0.0.1';
      const host = bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound.includes(':') ? `[${bound}]` : bound;
      resolveServer({
        server,
        port,
        url: `http://${host}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
