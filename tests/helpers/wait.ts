/** polls `ok` every 50 ms until it holds; throws after `ms` */
export async function waitFor(ok: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const start = Date.now()
  while (!(await ok())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
