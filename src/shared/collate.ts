// Names and titles in the order a reader of the user's language expects ("Åsa" beside
// "Asa", "Łukasz" among the L's, "anna" beside "Anna", "Class 2" before "Class 10"),
// not in the order of their bytes. One collator for the backend (lists, exports) and
// the renderer (its own sorting).

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Compares two names as the user's locale orders them. */
export const compareNames = (a: string, b: string): number => collator.compare(a, b);

/** The list sorted by a name taken from each item; items with equal names keep their order. */
export function sortByName<T>(items: readonly T[], name: (item: T) => string): T[] {
  return items
    .map((item, i) => ({ item, i, key: name(item) }))
    .sort((x, y) => collator.compare(x.key, y.key) || x.i - y.i)
    .map((x) => x.item);
}
