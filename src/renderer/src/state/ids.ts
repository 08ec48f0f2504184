/** A random id for a new highlight. Works outside secure contexts (classroom LANs), unlike crypto.randomUUID. */
export function newId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
