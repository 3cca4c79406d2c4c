// Sign up and log in. Logging in starts a new session (and CSRF secret): the page is then loaded
// again, which shows the message board with a fresh token.
const accountError = document.getElementById('account-error');

function credentials(form) {
  return { email: form.elements.email.value, password: form.elements.password.value };
}

async function submit(event, steps) {
  event.preventDefault();
  accountError.textContent = '';
  try {
    await steps(credentials(event.target));
    window.location.assign('/');
  } catch (err) {
    accountError.textContent = err.message;
  }
}

document.getElementById('login').addEventListener('submit', (event) =>
  submit(event, (account) => window.api('POST', '/api/login', account)));

document.getElementById('signup').addEventListener('submit', (event) =>
  submit(event, async (account) => {
    await window.api('POST', '/api/signup', account);
    await window.api('POST', '/api/login', account);
  }));
