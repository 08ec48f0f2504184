// Points, as shown and exported: the one rounding of points, used by the backend
// (scores, totals, grades, exports) and the renderer (summaries, averages).

/** Points are kept to two decimals everywhere they are shown or exported. */
export function roundPoints(x: number): number {
  return Math.round(x * 100) / 100;
}
