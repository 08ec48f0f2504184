// unicode-confusables 0.1 ships its typings as `index.ts.d` (a misnamed file), so
// TypeScript does not find them: the same declarations, where it looks.
declare module 'unicode-confusables' {
  interface ConfusablePoint {
    point: string;
    similarTo?: string;
  }
  const api: {
    isConfusing: (input: string) => boolean;
    confusables: (input: string) => ConfusablePoint[];
    rectifyConfusion: (input: string) => string;
  };
  export default api;
}
