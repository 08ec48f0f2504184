// The few runtime globals src/shared uses that are neither in the ES library nor
// specific to a browser or to Node (both provide them), declared for the shared
// project only (tsconfig.shared.json), which sees neither DOM nor Node types.
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly hostname: string;
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
}
