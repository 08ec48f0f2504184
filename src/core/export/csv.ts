import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { safeCell, type Cell } from './cells.ts';
import { giveWay, type Pace } from './tables.ts';

/**
 * Writes rows as CSV (RFC 4180: commas, double quotes, CRLF) in UTF-8 with a
 * byte-order mark, so Excel reads names in any script correctly. Every text
 * cell goes through safeCell.
 */
export async function writeCsv(file: string, header: string[], rows: Iterable<Cell[]> | AsyncIterable<Cell[]>, pace: Pace = {}, preamble: Cell[][] = []): Promise<number> {
  const out = createWriteStream(file);
  out.write('\uFEFF');
  const csv = stringify({ record_delimiter: 'windows', quoted_match: /^[\s\S]*[",\r\n][\s\S]*$/ });
  csv.pipe(out);
  let n = 0;
  const put = async (row: Cell[]) => {
    if (!csv.write(row.map(safeCell))) await once(csv, 'drain');
  };
  await put(header);
  for (const row of preamble) await put(row);
  for await (const row of rows) {
    await put(row);
    if (++n % 2000 === 0) await giveWay(pace, 0);
  }
  csv.end();
  await once(out, 'close');
  return n;
}
