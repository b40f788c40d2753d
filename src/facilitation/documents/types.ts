/** Inputs of the printable documents of a session: plain data, gathered by the caller. */

/** Where the session takes place; the address may or may not end with the postcode and commune. */
export interface DocumentPlace {
  venueName: string;
  venueAddress: string;
  communeName: string;
  postcode: string | null;
}

export interface SignInSheetInput extends DocumentPlace {
  programmeName: string;
  funder: string;
  territoryName: string;
  workshopTitle: string;
  /** ISO UTC instants */
  startsAt: string;
  endsAt: string;
  facilitatorName: string | null;
  participants: Array<{ firstName: string; lastName: string; companyName: string | null; walkIn: boolean }>;
  /** minimum blank lines for walk-ins (default 4) */
  spareLines?: number;
  /** the PDF's Author; the programme's name when absent */
  publisher?: string;
}

export interface CertificateInput extends DocumentPlace {
  code: string;
  verifyUrl: string;
  firstName: string;
  lastName: string;
  companyName: string | null;
  workshopTitle: string;
  /** ISO UTC instants */
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  programmeName: string;
  funder: string;
  territoryName: string;
  publisher: string;
  facilitatorName: string | null;
  /** ISO */
  issuedAt: string;
}
