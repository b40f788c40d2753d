/**
 * Venue addresses are typed by people: some hold only the street (« 2 rue du Château »), others
 * end with the postcode and commune (« 2 rue du Château, 62270 Frévent »). The outputs need both
 * parts separately (open data) or together once (calendar location), whichever way it was typed.
 */
export interface AddressParts {
  street: string;
  postcode: string;
  commune: string;
}

const TRAILING_POSTCODE = /^(.*?)[,\s]+(\d{5})\s+(.+)$/u;

/** Splits an address into street, postcode and commune, falling back on the commune's first postcode. */
export function addressParts(address: string, communeName: string, communePostcodes: string): AddressParts {
  const typed = TRAILING_POSTCODE.exec(address.trim());
  const postcodes = communePostcodes.split(',').map((p) => p.trim()).filter(Boolean);
  if (typed) {
    const [, street, postcode] = typed as unknown as [string, string, string];
    // a typed postcode is kept only if it is one of the commune's: a typo falls back on the official one
    return { street: street.trim(), postcode: postcodes.includes(postcode) ? postcode : (postcodes[0] ?? postcode), commune: communeName };
  }
  return { street: address.trim(), postcode: postcodes[0] ?? '', commune: communeName };
}

/** « Cybercentre de Frévent, 2 rue du Château, 62270 Frévent » */
export function venueLocation(venueName: string, address: string, communeName: string, communePostcodes: string): string {
  const parts = addressParts(address, communeName, communePostcodes);
  return [venueName, parts.street, `${parts.postcode} ${parts.commune}`.trim()].filter(Boolean).join(', ');
}
