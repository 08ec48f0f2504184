// Where the label picker opens: below the selection, unless it would be cut off by the
// window's bottom and there is more room above. Pure, so it is tested in Node.

/** Whether a picker `height` px tall opens above its selection: when it does not fit below, and there is more room above. */
export function opensAbove(height: number, roomBelow: number, roomAbove: number): boolean {
  return roomBelow < height && roomAbove > roomBelow;
}
