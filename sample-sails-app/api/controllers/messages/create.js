// POST /api/messages {text}: store a message and push it to every subscribed socket. With the Redis
// adapter, sails.sockets.broadcast reaches sockets connected to any replica.
const { replicaName } = require('../../../lib/replica-name');

const MAX_TEXT_LENGTH = 2000;

module.exports = async function create(req, res) {
  const text = String(req.param('text') || '').trim();
  if (!text || text.length > MAX_TEXT_LENGTH) {
    return res.badRequest({ error: `text must have 1 to ${MAX_TEXT_LENGTH} characters` });
  }
  const message = await Message.create({ text, author: req.session.userId, replica: replicaName() }).fetch();
  sails.sockets.broadcast('messages', 'message', message);
  return res.status(201).json(message);
};
