// Lifts the real app in-process with in-memory stand-ins (sails-disk, memory session and socket
// stores) and checks its HTTP contract: health, CSRF, sessions, messages, fault switch, X-Served-By.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

process.env.REPLICA_NAME = 'test-replica';
delete process.env.SIMULATOR_FAULTS;
const Sails = require('sails').constructor;

const app = new Sails();
let baseUrl;
let cookie = '';

// A tiny cookie-keeping client, as a browser would be.
async function request(method, url, { body, token } = {}) {
  const headers = { cookie };
  if (body) headers['content-type'] = 'application/json';
  if (token) headers['x-csrf-token'] = token;
  const res = await fetch(baseUrl + url, { method, headers, body: body && JSON.stringify(body) });
  const setCookie = res.headers.getSetCookie()[0];
  if (setCookie) cookie = setCookie.split(';')[0];
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

const csrfToken = async () => (await request('GET', '/csrfToken')).body._csrf;

test.before(() => new Promise((resolve, reject) => {
  app.lift({
    appPath: path.resolve(__dirname, '..'),
    port: 0,
    environment: 'development',
    log: { level: 'warn' },
    hooks: { grunt: false },
    models: { migrate: 'drop' },
    // Nothing listens on port 1: readiness probes fail fast. The stores themselves are in memory.
    datastores: { default: { adapter: 'sails-disk', inMemoryOnly: true, url: 'postgres://app:pw@127.0.0.1:1/app' } },
    session: { secret: 'test-secret', url: 'redis://:pw@127.0.0.1:1' },
    sockets: { url: 'redis://:pw@127.0.0.1:1' },
    custom: { s3: { endpoint: 'http://127.0.0.1:1', bucket: 'test', accessKeyId: 'k', secretAccessKey: 's' } },
    bootstrap: (done) => done(),
  }, (err) => {
    if (err) return reject(err);
    baseUrl = `http://127.0.0.1:${app.hooks.http.server.address().port}`;
    resolve();
  });
}));

test.after(() => new Promise((resolve) => app.lower(resolve)));

test('liveness answers 200 and names the replica', async () => {
  const res = await request('GET', '/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-served-by'), 'test-replica');
  assert.deepEqual(res.body, { status: 'ok', servedBy: 'test-replica', environment: 'development', pid: process.pid, node: process.version });
});

test('readiness answers 503 naming each unreachable backing service', async () => {
  const res = await request('GET', '/readyz');
  assert.equal(res.status, 503);
  assert.deepEqual(res.body, { status: 'unready', failing: ['postgres', 'redis', 'object-store'] });
  assert.equal(res.headers.get('x-served-by'), 'test-replica');
});

test('404s carry X-Served-By too', async () => {
  const res = await request('GET', '/no/such/page');
  assert.equal(res.status, 404);
  assert.equal(res.headers.get('x-served-by'), 'test-replica');
});

test('a state-changing request without a CSRF token is refused with 403', async () => {
  const res = await request('POST', '/api/signup', { body: { email: 'nocsrf@example.com', password: 'long enough' } });
  assert.equal(res.status, 403);
});

test('signup, login, me and logout with a CSRF token and the session cookie', async () => {
  assert.equal((await request('GET', '/api/me')).status, 401);
  const signup = await request('POST', '/api/signup', { body: { email: 'Ada@Example.com', password: 'analytical engine' }, token: await csrfToken() });
  assert.equal(signup.status, 201);
  assert.deepEqual(Object.keys(signup.body).sort(), ['email', 'id']);
  assert.equal((await request('POST', '/api/signup', { body: { email: 'ada@example.com', password: 'analytical engine' }, token: await csrfToken() })).status, 409);
  assert.equal((await request('POST', '/api/login', { body: { email: 'ada@example.com', password: 'wrong password' }, token: await csrfToken() })).status, 401);
  const login = await request('POST', '/api/login', { body: { email: 'ada@example.com', password: 'analytical engine' }, token: await csrfToken() });
  assert.equal(login.status, 200);
  const me = await request('GET', '/api/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.email, 'ada@example.com');
  assert.equal((await request('POST', '/api/logout', { token: await csrfToken() })).status, 200);
  assert.equal((await request('GET', '/api/me')).status, 401);
});

test('logged-in users post messages; the list is newest first', async () => {
  assert.equal((await request('POST', '/api/messages', { body: { text: 'anonymous' }, token: await csrfToken() })).status, 401);
  await request('POST', '/api/login', { body: { email: 'ada@example.com', password: 'analytical engine' }, token: await csrfToken() });
  for (const text of ['first', 'second']) {
    assert.equal((await request('POST', '/api/messages', { body: { text }, token: await csrfToken() })).status, 201);
  }
  const list = await request('GET', '/api/messages');
  assert.deepEqual(list.body.map((message) => message.text), ['second', 'first']);
});

test('subscribing is only possible over a socket', async () => {
  assert.equal((await request('GET', '/api/messages/subscribe')).status, 400);
});

test('with the fault switch off, the fault routes are 404 (crash needs no CSRF token to get there)', async () => {
  assert.equal((await request('POST', '/__fault/crash')).status, 404);
  assert.equal((await request('GET', '/__fault/hang')).status, 404);
  assert.equal((await request('GET', '/__fault/error')).status, 404);
});
