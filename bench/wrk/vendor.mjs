// A sync vendor on loopback for the jobs load run: answers every POST at once with a small result.
import { createServer } from 'node:http';

const port = Number(process.env.VENDOR_PORT ?? 18090);
createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"success","data_points":15,"contact":"jane.doe@example.com"}');
  });
}).listen(port, '127.0.0.1');
