import { crc32, inflateRawSync } from 'node:zlib';
import { LedeError } from '../../shared/errors.ts';

// Reading a zip file from elsewhere (a Word document is one), strictly: a file is
// taken only when its one central directory ends exactly at its end record, every
// local header lies before that directory and matches its entry, no two entries
// share bytes, and what it declares fits the caps. Every entry is then inflated
// here, with a cap, to exactly its declared size and checksum. What another reader
// (mammoth's JSZip) is given afterwards is a new zip written from these entries,
// never the bytes that arrived: two readers cannot disagree about what a file holds.

export interface ZipLimits {
  /** The most entries a file may have. */
  entries: number;
  /** The most all entries together may declare, unpacked, in bytes. */
  declaredBytes: number;
  /** Which entries are unpacked and returned; the others are checked, never inflated. Default: all. */
  read?: (name: string) => boolean;
  /** The most the entries read may unpack to together, in bytes; `what` names them for a refusal. */
  readBytes: number;
  what?: string;
}

export interface ZipFile {
  name: string;
  data: Buffer;
}

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50, zip64Locator: 0x07064b50 } as const;

/** The reason a zip is not taken, in a teacher's words (the caller names the file). */
export class ZipRefused extends LedeError {
  readonly detail: string;
  constructor(code: 'invalid_input' | 'too_large', detail: string) {
    super(code, detail);
    this.detail = detail;
  }
}

const bad = (detail: string): never => {
  throw new ZipRefused('invalid_input', detail);
};
const tooLarge = (detail: string): never => {
  throw new ZipRefused('too_large', detail);
};

interface Entry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  local: number;
}

/** The end-of-central-directory record: the last one whose comment reaches exactly the end of the file. */
function endRecord(view: DataView, length: number): number {
  for (let i = length - 22; i >= Math.max(0, length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === SIG.end && i + 22 + view.getUint16(i + 20, true) === length) return i;
  }
  return bad('it is not a zip file (it has no end record)');
}

/**
 * The entries of a zip file, checked against each other and the caps, unpacked.
 * Throws ZipRefused, naming what is wrong, for anything else.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits): ZipFile[] {
  if (bytes.length < 22) bad('it is not a zip file (it is too short)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = endRecord(view, bytes.length);
  const disk = view.getUint16(end + 4, true);
  const cdDisk = view.getUint16(end + 6, true);
  const onDisk = view.getUint16(end + 8, true);
  const count = view.getUint16(end + 10, true);
  const cdSize = view.getUint32(end + 12, true);
  const cdStart = view.getUint32(end + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff || (end >= 20 && view.getUint32(end - 20, true) === SIG.zip64Locator)) {
    tooLarge('it is a ZIP64 archive, made for files far larger than an article');
  }
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count) bad('it is split across several files (a spanned archive)');
  if (count > limits.entries) tooLarge(`it holds ${count.toLocaleString('en-US')} files; a document holds far fewer (at most ${limits.entries.toLocaleString('en-US')} are read)`);
  // The one directory ends exactly where the end record begins: nothing hides between them.
  if (cdStart + cdSize !== end) bad('its central directory does not end at its end record (a second directory or hidden data lies between them)');

  const entries: Entry[] = [];
  const names = new Set<string>();
  let declared = 0;
  let at = cdStart;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== SIG.central) bad(`its central directory is damaged at entry ${n + 1}`);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > end) bad(`its central directory is damaged at entry ${n + 1}`);
    const name = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (names.has(name)) bad(`it lists “${name.slice(0, 80)}” twice`);
    names.add(name);
    const e: Entry = {
      name,
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressed: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      local: view.getUint32(at + 42, true),
    };
    if (e.size === 0xffffffff || e.compressed === 0xffffffff || e.local === 0xffffffff) tooLarge('it is a ZIP64 archive, made for files far larger than an article');
    if (e.flags & 0x1) bad(`“${name.slice(0, 80)}” in it is encrypted`);
    if (e.method !== 0 && e.method !== 8) bad(`“${name.slice(0, 80)}” in it is compressed in a way Word does not use (method ${e.method})`);
    declared += e.size;
    if (declared > limits.declaredBytes) tooLarge(`it declares more than ${limits.declaredBytes / 1024 / 1024} MB unpacked`);
    entries.push(e);
    at = next;
  }
  if (at !== end) bad('its central directory is longer than its entries');

  // Every local header before the directory, matching its entry, and no two entries sharing bytes.
  const spans: [number, number, string][] = [];
  const starts = new Map<Entry, number>();
  for (const e of entries) {
    if (e.local + 30 > cdStart || view.getUint32(e.local, true) !== SIG.local) bad(`the entry “${e.name.slice(0, 80)}” does not point at its data`);
    const nameLength = view.getUint16(e.local + 26, true);
    const localName = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(e.local + 30, e.local + 30 + nameLength));
    if (localName !== e.name || view.getUint16(e.local + 8, true) !== e.method) bad(`the entry “${e.name.slice(0, 80)}” does not match its own header`);
    const data = e.local + 30 + nameLength + view.getUint16(e.local + 28, true);
    if (data + e.compressed > cdStart) bad(`the entry “${e.name.slice(0, 80)}” runs into the central directory`);
    starts.set(e, data);
    spans.push([e.local, data + e.compressed, e.name]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]![0] < spans[i - 1]![1]) bad(`the entries “${spans[i - 1]![2].slice(0, 80)}” and “${spans[i]![2].slice(0, 80)}” share their bytes`);
  }

  // Unpacked here, each with a cap at its declared size: a directory that lies cannot get past.
  const taken = entries.filter((e) => limits.read?.(e.name) ?? true);
  const toRead = taken.reduce((n, e) => n + e.size, 0);
  if (toRead > limits.readBytes) tooLarge(`${limits.what ?? 'its files'} would unpack to ${(toRead / 1024 / 1024).toFixed(1)} MB, more than the ${limits.readBytes / 1024 / 1024} MB Lede reads`);
  const out: ZipFile[] = [];
  for (const e of taken) {
    const raw = bytes.subarray(starts.get(e)!, starts.get(e)! + e.compressed);
    let data: Buffer;
    if (e.method === 0) data = Buffer.from(raw);
    else {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
      } catch {
        return bad(`“${e.name.slice(0, 80)}” in it unpacks to more than it declares, or is damaged`);
      }
    }
    if (data.length !== e.size) bad(`“${e.name.slice(0, 80)}” in it unpacks to ${data.length.toLocaleString('en-US')} bytes, not the ${e.size.toLocaleString('en-US')} it declares`);
    if (crc32(data) !== e.crc) bad(`“${e.name.slice(0, 80)}” in it is damaged (its checksum does not match)`);
    out.push({ name: e.name, data });
  }
  return out;
}
