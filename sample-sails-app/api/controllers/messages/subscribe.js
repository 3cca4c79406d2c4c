// GET /api/messages/subscribe (socket virtual request only): join the `messages` room, whose
// sockets receive a `message` event for every new message. Names the replica holding the socket.
const { replicaName } = require('../../../lib/replica-name');

module.exports = async function subscribe(req, res) {
  if (!req.isSocket) {
    return res.badRequest({ error: 'send this request over a socket (virtual request)' });
  }
  sails.sockets.join(req, 'messages');
  return res.json({ subscribed: 'messages', event: 'message', servedBy: replicaName() });
};
