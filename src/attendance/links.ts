/** the members' self sign-in page for an open day, printed as a QR code on the projector and the sheet */
export function signInLink(base: string, signInToken: string): string {
  return `${base}/s/${encodeURIComponent(signInToken)}`
}
