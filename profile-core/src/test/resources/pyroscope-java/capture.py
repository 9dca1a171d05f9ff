import http.server, json, os, sys, itertools
OUT = sys.argv[2]
counter = itertools.count()
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = next(counter)
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            body = b''
            while True:
                size = int(self.rfile.readline().split(b';')[0].strip(), 16)
                if size == 0:
                    self.rfile.readline(); break
                body += self.rfile.read(size); self.rfile.readline()
        else:
            body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with open(os.path.join(OUT, '%03d.body' % n), 'wb') as f: f.write(body)
        with open(os.path.join(OUT, '%03d.json' % n), 'w') as f:
            json.dump({'method': self.command, 'path': self.path, 'headers': dict(self.headers.items())}, f, indent=1)
        self.send_response(200); self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
