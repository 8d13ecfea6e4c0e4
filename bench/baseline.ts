// The baseline: a bare Express 5 route in a process of its own (forked by bench/run.ts), which sends its port.
import type { AddressInfo } from 'node:net'
import express from 'express'

const app = express()
app.get('/', (_req, res) => {
  res.send('<!doctype html><html><head><title>baseline</title></head><body><h1>Hello</h1><p>bare Express 5</p></body></html>')
})
const server = app.listen(0, '127.0.0.1', () => process.send!({ type: 'listening', port: (server.address() as AddressInfo).port }))
process.on('SIGTERM', () => process.exit(0))
