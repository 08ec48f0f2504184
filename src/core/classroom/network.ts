import { networkInterfaces } from 'node:os';
import qrcode from 'qrcode-generator';
import { LedeError } from '../../shared/errors.ts';

// Where students reach a session: this computer's network addresses, the addresses
// to show the class, and a QR code of the first.

export interface Interface {
  name: string;
  address: string;
}

/** The machine's IPv4 addresses that other devices can reach (not loopback). */
export function lanInterfaces(): Interface[] {
  const out: Interface[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) out.push({ name, address: a.address });
  }
  return out;
}

/** A session may listen on every address, on loopback only, or on one of this computer's addresses. */
export function checkHost(host: string): void {
  const ok = host === '0.0.0.0' || host === '127.0.0.1' || lanInterfaces().some((i) => i.address === host);
  if (!ok) throw new LedeError('invalid_input', `This computer has no network address ${host}.`);
}

/** The names browsers may use for a session listening on `host` (besides loopback). */
export function allowedHosts(host: string): string[] {
  return host === '0.0.0.0' ? lanInterfaces().map((i) => i.address) : [host];
}

/** The addresses students can type, best first. */
export function sessionUrls(host: string, port: number): string[] {
  if (host === '0.0.0.0') {
    const lan = lanInterfaces().map((i) => `http://${i.address}:${port}/`);
    return lan.length ? lan : [`http://127.0.0.1:${port}/`];
  }
  return [`http://${host}:${port}/`];
}

export function qrSvg(text: string): string {
  const q = qrcode(0, 'M');
  q.addData(text);
  q.make();
  return q.createSvgTag({ cellSize: 4, margin: 2, scalable: true });
}
