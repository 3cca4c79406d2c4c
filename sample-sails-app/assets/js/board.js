// The message board: messages arrive over the page's socket (sails.io.js, connected to the same
// origin); after a reconnect, possibly to another replica, the page subscribes again.
const messages = document.getElementById('messages');
const boardError = document.getElementById('board-error');
const socketState = document.getElementById('socket-state');
const socketReplica = document.getElementById('socket-replica');

function show(message, { newest = true } = {}) {
  if (messages.querySelector(`li[data-id="${Number(message.id)}"]`)) {
    return;
  }
  const item = document.createElement('li');
  item.dataset.id = message.id;
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = message.text;
  const replica = document.createElement('span');
  replica.className = 'replica';
  replica.textContent = `created on ${message.replica || 'an unnamed replica'}`;
  item.append(text, ' ', replica);
  if (newest) {
    messages.prepend(item);
  } else {
    messages.append(item);
  }
}

function reportError(err) {
  boardError.textContent = err.message;
}

io.socket.on('connect', () => {
  socketState.textContent = 'subscribing';
  io.socket.get('/api/messages/subscribe', (body, response) => {
    if (response.statusCode !== 200) {
      socketState.textContent = `subscription refused (${response.statusCode})`;
      return;
    }
    socketReplica.textContent = body.servedBy;
    socketState.textContent = 'connected';
  });
});
io.socket.on('disconnect', () => {
  socketState.textContent = 'reconnecting';
});
io.socket.on('message', (message) => show(message));

window.api('GET', '/api/messages')
  .then((list) => list.forEach((message) => show(message, { newest: false })))
  .catch(reportError);

document.getElementById('post').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = event.target.elements.text;
  try {
    // The new message appears when the socket delivers it, as it does on every other page.
    await window.api('POST', '/api/messages', { text: input.value });
    input.value = '';
  } catch (err) {
    reportError(err);
  }
});

document.getElementById('upload').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData();
  form.append('file', event.target.elements.file.files[0]);
  try {
    const upload = await window.api('POST', '/api/uploads', form);
    const link = document.createElement('a');
    link.href = `/api/uploads/${Number(upload.id)}`;
    link.textContent = `${upload.filename} (${upload.size} bytes, ${upload.contentType})`;
    const item = document.createElement('li');
    item.append(link);
    document.getElementById('uploads').prepend(item);
    event.target.reset();
  } catch (err) {
    reportError(err);
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await window.api('POST', '/api/logout');
    window.location.assign('/');
  } catch (err) {
    reportError(err);
  }
});
