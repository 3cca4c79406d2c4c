const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { assessReadiness } = require('../lib/readiness');
const { pingRedis } = require('../lib/redis-ping');

test('all probes answering means nothing is failing', async () => {
  assert.deepEqual(await assessReadiness({ postgres: async () => {}, redis: () => Promise.resolve() }, 100), { failing: [], reasons: {} });
});

test('failing, throwing and silent probes are all named', async () => {
  const { failing, reasons } = await assessReadiness({
    postgres: async () => {},
    redis: () => Promise.reject(new Error('ECONNREFUSED')),
    'object-store': () => { throw new Error('bad config'); },
    slow: () => new Promise(() => {}),
  }, 50);
  assert.deepEqual(failing, ['redis', 'object-store', 'slow']);
  assert.equal(reasons.redis, 'ECONNREFUSED');
  assert.match(reasons.slow, /no answer within 50 ms/);
});

// A fake Redis that answers AUTH and PING the way redis-server does; it keeps its open connections.
function fakeRedis(password) {
  const server = net.createServer((socket) => {
    server.sockets.add(socket);
    socket.on('close', () => server.sockets.delete(socket));
    let authed = !password;
    socket.on('data', (data) => {
      const text = data.toString();
      if (text.includes('AUTH')) {
        authed = text.includes(password);
        socket.write(authed ? '+OK\r\n' : '-WRONGPASS invalid username-password pair\r\n');
      }
      if (text.includes('PING')) {
        socket.write(authed ? '+PONG\r\n' : '-NOAUTH Authentication required.\r\n');
      }
    });
  });
  server.sockets = new Set();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The probe keeps its connection open, so closing the server drops the connections too.
function stop(server) {
  server.sockets.forEach((socket) => socket.destroy());
  return new Promise((resolve) => server.close(resolve));
}

function connectionCount(server) {
  return new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

test('the Redis probe authenticates and expects PONG', async (t) => {
  const server = await fakeRedis('s3cret');
  t.after(() => stop(server));
  const { port } = server.address();
  await pingRedis(`redis://:s3cret@127.0.0.1:${port}`, 500);
  await assert.rejects(pingRedis(`redis://:wrong@127.0.0.1:${port}`, 500), /WRONGPASS/);
  await assert.rejects(pingRedis(`redis://127.0.0.1:${port}`, 500), /NOAUTH/);
});

test('the Redis probe fails when nothing listens', async () => {
  const server = await fakeRedis();
  const { port } = server.address();
  await stop(server);
  await assert.rejects(pingRedis(`redis://127.0.0.1:${port}`, 500), /ECONNREFUSED/);
});

test('the Redis probe keeps one connection for its probes', async (t) => {
  const server = await fakeRedis('s3cret');
  t.after(() => stop(server));
  const url = `redis://:s3cret@127.0.0.1:${server.address().port}`;
  await pingRedis(url, 500);
  await Promise.all([pingRedis(url, 500), pingRedis(url, 500)]);
  await pingRedis(url, 500);
  assert.equal(await connectionCount(server), 1);
});

test('the Redis probe fails on a dropped connection and connects again on the next probe', async (t) => {
  const server = await fakeRedis('s3cret');
  t.after(() => stop(server));
  const url = `redis://:s3cret@127.0.0.1:${server.address().port}`;
  await pingRedis(url, 500);
  const [held] = server.sockets;
  held.removeAllListeners('data'); // this connection stops answering, as a hung server would
  await assert.rejects(pingRedis(url, 100), /no answer within 100 ms/);
  await pingRedis(url, 500);
  held.destroy();
  await pingRedis(url, 500);
});
