import QRCode from 'qrcode'

/** the base for links printed on paper and shown as QR codes: PUBLIC_URL when set, else the request's own host */
export function publicBase(configured: string | undefined, protocol: string, host: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '')
  return `${protocol}://${host ?? 'localhost'}`
}

/** the observers' page for an open day; with an invitation token it is that observer's personal link */
export function observerLink(base: string, observerToken: string, personalToken?: string): string {
  const url = `${base}/o/${encodeURIComponent(observerToken)}`
  return personalToken ? `${url}?i=${encodeURIComponent(personalToken)}` : url
}

/** an inline SVG QR code; medium error correction survives a projector's glare and a creased card */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
}
