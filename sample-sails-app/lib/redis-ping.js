// A dependency-free Redis readiness probe: AUTH (if the URL has a password) once per connection,
// then PING per probe, each under a deadline. One connection is kept per URL, so a probe every few
// seconds does not open (and authenticate) a new one each time; a connection that errs, closes, gets
// an error reply or misses a deadline is dropped, and the next probe connects again. The app's own
// Redis clients queue commands while disconnected, so they cannot tell "down" from "slow".
const net = require('node:net');

const connections = new Map(); // URL -> connection

function command(...args) {
  return `*${args.length}\r\n` + args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('');
}

function openConnection(redisUrl) {
  const url = new URL(redisUrl);
  const password = decodeURIComponent(url.password);
  const username = decodeURIComponent(url.username);
  const socket = net.connect({ host: url.hostname, port: Number(url.port) || 6379 });
  // One callback per command sent, in order: Redis answers in order. Each gets (error, reply).
  const waiting = [];
  let received = '';
  const connection = {
    socket,
    waiting,
    fail(error) {
      if (connections.get(redisUrl) === connection) {
        connections.delete(redisUrl);
      }
      socket.destroy();
      while (waiting.length > 0) {
        waiting.shift()(error);
      }
    },
  };
  socket.on('data', (chunk) => {
    received += chunk;
    for (let end = received.indexOf('\r\n'); end >= 0; end = received.indexOf('\r\n')) {
      const reply = received.slice(0, end);
      received = received.slice(end + 2);
      if (reply.startsWith('-')) {
        return connection.fail(new Error(reply.slice(1)));
      }
      waiting.shift()?.(null, reply);
    }
    if (waiting.length === 0) {
      socket.unref(); // an idle probe connection never keeps the process alive
    }
  });
  socket.on('error', (error) => connection.fail(error));
  socket.on('close', () => connection.fail(new Error('connection closed before PONG')));
  if (password) {
    socket.write(command('AUTH', ...(username ? [username] : []), password));
    waiting.push(() => {}); // a refused AUTH fails the connection, and with it the PING after it
  }
  return connection;
}

function pingRedis(redisUrl, timeoutMs) {
  let connection = connections.get(redisUrl);
  if (!connection) {
    connection = openConnection(redisUrl);
    connections.set(redisUrl, connection);
  }
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => connection.fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    connection.waiting.push((error, reply) => {
      clearTimeout(deadline);
      if (error) {
        reject(error);
      } else if (reply === '+PONG') {
        resolve();
      } else {
        reject(new Error(`unexpected reply to PING: ${reply}`));
      }
    });
    connection.socket.ref();
    connection.socket.write(command('PING'));
  });
}

module.exports = { pingRedis };
