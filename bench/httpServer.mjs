// The server the `load_test.http` case loads: node:http on 127.0.0.1, a fixed small body, in a
// process of its own so only the generators' CPU is measured. Reports its port over IPC and exits
// when its parent goes away.
import { createServer } from 'node:http'

const body = Buffer.from('hello from the bench server\n')
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length })
  res.end(body)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }))
process.on('disconnect', () => process.exit(0))
