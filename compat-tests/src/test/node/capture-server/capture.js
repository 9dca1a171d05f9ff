// A tiny HTTP server that records every request it receives: for each one it writes
// <dir>/<n>.json (method, url, headers, body size) and <dir>/<n>.body (the raw body), then answers 200.
// Usage: node capture.js <port> <dir>
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const [port, dir] = [Number(process.argv[2]), process.argv[3]];
fs.mkdirSync(dir, { recursive: true });
let count = 0;
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const n = String(++count).padStart(2, '0');
    const body = Buffer.concat(chunks);
    const meta = { method: req.method, url: req.url, headers: req.headers, bodyBytes: body.length };
    fs.writeFileSync(path.join(dir, `${n}.json`), JSON.stringify(meta, null, 2) + '\n');
    fs.writeFileSync(path.join(dir, `${n}.body`), body);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
}).listen(port, '127.0.0.1', () => console.log(`capturing on ${port} into ${dir}`));
