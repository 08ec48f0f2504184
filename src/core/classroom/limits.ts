/** Everything one student or one device can grow, and how far (documented in the README). */
export const CLASSROOM_LIMITS = {
  /** Seats one device address may take in 10 minutes. */
  seatClaimsPerAddress: 5,
  seatClaimWindowMs: 10 * 60_000,
  /** Names students may type in one session (when the teacher allows typed names). */
  typedNamesPerSession: 100,
  /** Open event streams per seat (tabs); opening another closes the oldest. */
  streamsPerSeat: 3,
  /** Open connections per device address. */
  connectionsPerAddress: 24,
  /** Open connections in all. */
  connections: 4000,
  /** Requests per seat: a burst of this many, then this many a second. */
  requestBurst: 60,
  requestsPerSecond: 20,
} as const;
