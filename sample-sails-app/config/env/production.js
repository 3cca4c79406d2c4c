// Production settings that are not secrets. Everything deployment-specific (URLs, secrets, origins,
// S3 keys) comes from sails_* environment variables, which Sails merges on top of this file;
// app.js refuses to lift when a required one is missing.
module.exports = {
  datastores: {
    default: { adapter: 'sails-postgresql' },
  },
  models: {
    migrate: 'safe',
  },
  session: {
    adapter: '@sailshq/connect-redis',
    // Sent over https only. TLS ends at the load balancer, so Express must trust its
    // X-Forwarded-Proto (http.trustProxy below) to know the request was secure and set the cookie.
    cookie: { secure: true },
  },
  http: {
    trustProxy: true,
  },
  sockets: {
    adapter: '@sailshq/socket.io-redis',
  },
};
