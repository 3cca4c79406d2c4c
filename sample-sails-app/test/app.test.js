// Lifts the real app in-process with in-memory stand-ins (sails-disk, memory session and socket
// stores) and checks its HTTP contract: health, CSRF, sessions, messages, fault switch, X-Served-By,
// and the pages a browser gets (security headers, no inline scripts, JSON for API clients).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

process.env.REPLICA_NAME = 'test-replica';
process.env.APP_VERSION = 'test-version';
delete process.env.SIMULATOR_FAULTS;
const Sails = require('sails').constructor;
const rc = require('sails/accessible/rc');

const app = new Sails();
let baseUrl;
let cookie = '';

// A tiny cookie-keeping client, as a browser would be.
async function request(method, url, { body, token, accept } = {}) {
  const headers = { cookie };
  if (accept) headers.accept = accept;
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
  // .sailsrc as app.js passes it (assets served from assets/, Grunt off), then the test's stand-ins.
  app.lift({
    ...rc('sails'),
    appPath: path.resolve(__dirname, '..'),
    port: 0,
    environment: 'development',
    log: { level: 'warn' },
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

test('liveness answers 200 and names the replica and its version', async () => {
  const res = await request('GET', '/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-served-by'), 'test-replica');
  assert.equal(res.headers.get('x-app-version'), 'test-version');
  assert.deepEqual(res.body, { status: 'ok', servedBy: 'test-replica', environment: 'development', pid: process.pid, version: 'test-version', node: process.version });
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

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

test('API clients get JSON from / and browsers the page, with Vary: Accept', async () => {
  const json = await request('GET', '/');
  assert.deepEqual(json.body, { app: 'sample-sails-app', servedBy: 'test-replica' });
  assert.match(json.headers.get('vary'), /Accept/);
  const page = await request('GET', '/', { accept: BROWSER_ACCEPT });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(page.headers.get('vary'), /Accept/);
});

test('every response carries the production security headers', async () => {
  for (const url of ['/', '/healthz', '/js/board.js', '/dependencies/sails.io.js', '/no/such/page']) {
    const res = await request('GET', url, { accept: BROWSER_ACCEPT });
    assert.equal(res.headers.get('content-security-policy'),
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'", url);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', url);
    assert.equal(res.headers.get('referrer-policy'), 'same-origin', url);
  }
});

test('logged out, the page says so and offers log in and sign up; its scripts are files of the app', async () => {
  await request('POST', '/api/logout', { token: await csrfToken() });
  const page = await request('GET', '/', { accept: BROWSER_ACCEPT });
  assert.match(page.body, /You are not logged in/);
  assert.match(page.body, /<form id="login"/);
  assert.match(page.body, /<form id="signup"/);
  assert.match(page.body, /This page was served by <strong id="served-by">test-replica<\/strong>/);
  await assertScriptsAreServedFiles(page.body);
});

test('logged in, the page is the message board with the socket client', async () => {
  await request('POST', '/api/login', { body: { email: 'ada@example.com', password: 'analytical engine' }, token: await csrfToken() });
  const page = await request('GET', '/', { accept: BROWSER_ACCEPT });
  assert.match(page.body, /<strong id="user">ada@example.com<\/strong>/);
  assert.match(page.body, /<ul id="messages">/);
  assert.match(page.body, /<form id="upload">/);
  // sails.io.js does not reconnect unless its script tag asks for it.
  assert.match(page.body, /<script src="\/dependencies\/sails.io.js" data-reconnection="true"><\/script>/);
  await assertScriptsAreServedFiles(page.body);
});

test('the browser build of sails.io.js is served as JavaScript without a session', async () => {
  const res = await fetch(`${baseUrl}/dependencies/sails.io.js`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/javascript/);
  assert.equal(res.headers.get('set-cookie'), null);
  assert.match(await res.text(), /io\.sails/);
});

test('new messages name the replica that created them', async () => {
  const created = await request('POST', '/api/messages', { body: { text: 'where am I' }, token: await csrfToken() });
  assert.equal(created.status, 201);
  assert.equal(created.body.replica, 'test-replica');
});

// No inline script: every <script> of a page has a src that the app serves as JavaScript.
async function assertScriptsAreServedFiles(html) {
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length > 0);
  for (const [, attributes, inline] of scripts) {
    assert.equal(inline.trim(), '');
    const src = attributes.match(/src="([^"]+)"/)[1];
    const res = await fetch(baseUrl + src);
    assert.equal(res.status, 200, src);
    assert.match(res.headers.get('content-type'), /javascript/, src);
  }
}
