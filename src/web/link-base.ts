import type { Request } from 'express'
import { config } from '../config.ts'
import { publicBase } from '../observers/links.ts'
import { getSettings } from '../settings/service.ts'

const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$|\.localhost$/i

/** the public address for QR codes and printed links: 设置 › 公网地址, else PUBLIC_URL, else the browser's own host */
export const configuredBase = async (): Promise<string | undefined> => (await getSettings()).publicUrl || config.PUBLIC_URL

/** the base for links phones open, and whether they point at this computer only (localhost without an address set) */
export async function linkBase(req: Request): Promise<{ base: string; localOnly: boolean }> {
  const configured = await configuredBase()
  return { base: publicBase(configured, req.protocol, req.get('host')), localOnly: !configured && LOCAL_HOST.test(req.hostname) }
}
