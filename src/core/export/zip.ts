import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import { LedeError } from '../../shared/errors.ts';

// A small ZIP writer (PKWARE APPNOTE 6.3: local headers, deflated or stored data,
// a central directory) for the per-student reports: one file per student. Node has
// no ZIP writer of its own; this one needs no dependency. Entries are written as they
// come, so only one file is in memory at a time. No ZIP64: at most 65,535 entries and
// 4 GB, far beyond a class's reports (at most 500 students).

const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

interface Entry {
  name: Buffer;
  crc: number;
  method: number;
  compressed: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

export class ZipWriter {
  private readonly fd: number | null;
  private readonly chunks: Buffer[] | null;
  private offset = 0;
  private readonly entries: Entry[] = [];
  private readonly names = new Set<string>();
  private closed = false;

  /** Writes to a file by its path, or into `chunks` (a zip in memory: Buffer.concat them after close). */
  constructor(target: string | Buffer[]) {
    this.fd = typeof target === 'string' ? openSync(target, 'w') : null;
    this.chunks = typeof target === 'string' ? null : target;
  }

  private write(buf: Buffer): void {
    if (this.fd !== null) writeSync(this.fd, buf);
    else this.chunks!.push(buf);
    this.offset += buf.length;
  }

  /** Adds one file. Names are UTF-8 (flag bit 11), with "/" between folders. */
  add(name: string, data: Buffer | string, when = new Date(), opts: { store?: boolean } = {}): void {
    if (this.entries.length >= MAX_ENTRIES) throw new LedeError('too_large', 'Too many files for one ZIP archive.');
    if (this.names.has(name)) throw new Error(`zip: two entries named ${name}`);
    this.names.add(name);
    const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const deflated = opts.store ? raw : deflateRawSync(raw, { level: 6 });
    // Keep whichever is smaller (a PDF's streams are often compressed already).
    const method = deflated.length < raw.length ? 8 : 0;
    const body = method === 8 ? deflated : raw;
    const nameBuf = Buffer.from(name, 'utf8');
    const { time, date } = dosDateTime(when);
    const entry: Entry = { name: nameBuf, crc: crc32(raw), method, compressed: body.length, size: raw.length, offset: this.offset, time, date };
    if (this.offset + 30 + nameBuf.length + body.length > MAX_OFFSET) throw new LedeError('too_large', 'The reports are too large for one ZIP archive.');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4); // version needed: 2.0
    h.writeUInt16LE(0x0800, 6); // UTF-8 names
    h.writeUInt16LE(method, 8);
    h.writeUInt16LE(time, 10);
    h.writeUInt16LE(date, 12);
    h.writeUInt32LE(entry.crc, 14);
    h.writeUInt32LE(entry.compressed, 18);
    h.writeUInt32LE(entry.size, 22);
    h.writeUInt16LE(nameBuf.length, 26);
    h.writeUInt16LE(0, 28);
    this.write(h);
    this.write(nameBuf);
    this.write(body);
    this.entries.push(entry);
  }

  /** Writes the central directory and closes the file. */
  close(): void {
    try {
      const start = this.offset;
      for (const e of this.entries) {
        const c = Buffer.alloc(46);
        c.writeUInt32LE(0x02014b50, 0);
        c.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
        c.writeUInt16LE(20, 6);
        c.writeUInt16LE(0x0800, 8);
        c.writeUInt16LE(e.method, 10);
        c.writeUInt16LE(e.time, 12);
        c.writeUInt16LE(e.date, 14);
        c.writeUInt32LE(e.crc, 16);
        c.writeUInt32LE(e.compressed, 20);
        c.writeUInt32LE(e.size, 24);
        c.writeUInt16LE(e.name.length, 28);
        c.writeUInt16LE(0, 30); // extra
        c.writeUInt16LE(0, 32); // comment
        c.writeUInt16LE(0, 34); // disk
        c.writeUInt16LE(0, 36); // internal attributes
        c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
        c.writeUInt32LE(e.offset, 42);
        this.write(c);
        this.write(e.name);
      }
      const size = this.offset - start;
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(this.entries.length, 8);
      end.writeUInt16LE(this.entries.length, 10);
      end.writeUInt32LE(size, 12);
      end.writeUInt32LE(start, 16);
      this.write(end);
    } finally {
      this.closed = true;
      if (this.fd !== null) closeSync(this.fd);
    }
  }

  /** Closes the file without finishing it (the caller removes it). */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd !== null) closeSync(this.fd);
  }
}
