// The JSON API as the pages call it: same-origin fetch with the session cookie and the CSRF token
// the page was rendered with. A failed call throws with the API's own error text.
window.api = async function api(method, url, body) {
  const headers = { accept: 'application/json', 'x-csrf-token': document.querySelector('meta[name="csrf-token"]').content };
  if (body !== undefined && !(body instanceof FormData)) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(body);
  }
  const res = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(answer.error || `${method} ${url} answered ${res.status}`);
  }
  return answer;
};
