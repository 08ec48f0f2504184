import { request } from 'node:http';

// A browser, as far as Lede's HTTP API can tell: keeps its cookie, and can speak
// from any loopback address (127.0.0.x) to play several devices.

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One browser: keeps its cookie, like a student's device. */
export class Client {
  cookie = '';
  readonly base: string;
  readonly ip: string;
  constructor(base: string, ip = '127.0.0.1') {
    this.base = base;
    this.ip = ip;
  }
  call(name: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const url = new URL(`api/${name}`, this.base);
    const body = typeof input === 'string' ? input : JSON.stringify(input);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: this.ip, headers: { 'Content-Type': 'application/json', ...(this.cookie ? { Cookie: this.cookie } : {}), ...headers } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => {
            const set = res.headers['set-cookie'];
            if (set) this.cookie = set[0]!.split(';')[0]!;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text.startsWith('{') ? JSON.parse(text) : text });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
