// A chat message, broadcast to the `messages` socket room when created.
module.exports = {
  tableName: 'messages',
  attributes: {
    text: { type: 'string', required: true, maxLength: 2000 },
    author: { model: 'user', required: true },
    // The replica that created it, shown on the message board.
    replica: { type: 'string' },
  },
};
