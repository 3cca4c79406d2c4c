// A dependency-free Redis liveness probe: AUTH (if the URL has a password), then PING, on a fresh
// connection with a deadline. The app's own Redis clients queue commands while disconnected,
// so they cannot tell "down" from "slow".
const net = require('node:net');

function command(...args) {
  return `*${args.length}\r\n` + args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('');
}

function pingRedis(redisUrl, timeoutMs) {
  return new Promise((resolve, reject) => {
    const url = new URL(redisUrl);
    const password = decodeURIComponent(url.password);
    const username = decodeURIComponent(url.username);
    const auth = password ? command('AUTH', ...(username ? [username] : []), password) : '';
    const socket = net.connect({ host: url.hostname, port: Number(url.port) || 6379 });
    let reply = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.write(auth + command('PING')));
    socket.on('data', (chunk) => {
      reply += chunk;
      if (reply.startsWith('-')) {
        socket.destroy(new Error(reply.trim()));
      } else if (reply.includes('+PONG\r\n')) {
        socket.end();
        resolve();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('connection closed before PONG')));
  });
}

module.exports = { pingRedis };
