// A multipart upload written by hand over real HTTP, so a test decides when each byte of the file leaves: to see
// the server store it while it arrives, to cut it short, or to send more than a test would hold in memory.
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import http from 'node:http'

export type UploadReply = { status: number; text: string }

type Upload = { cookie: string; fields: Record<string, string>; filename: string; contentType: string; size: number }

export function multipartUpload(url: string, u: Upload) {
  const boundary = `openday-${randomUUID()}`
  const fields = Object.entries(u.fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
  const head = Buffer.from(
    `${fields.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${u.filename}"\r\n` +
      `Content-Type: ${u.contentType}\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const req = http.request(url, {
    method: 'POST',
    headers: {
      cookie: u.cookie,
      accept: 'application/json',
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': head.length + u.size + tail.length,
    },
  })
  const reply = new Promise<UploadReply>((resolve, reject) => {
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
  })
  req.write(head)
  return {
    /** sends the next bytes of the file, waiting while the connection is full */
    async send(bytes: Buffer): Promise<void> {
      if (!req.write(bytes)) await once(req, 'drain')
    },
    /** ends the body; the server's answer */
    end(): Promise<UploadReply> {
      req.end(tail)
      return reply
    },
    /** the connection dropped mid-upload (a phone losing its network) */
    abort(): void {
      reply.catch(() => undefined)
      req.destroy()
    },
  }
}
