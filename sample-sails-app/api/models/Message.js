// A chat message, broadcast to the `messages` socket room when created.
module.exports = {
  tableName: 'messages',
  attributes: {
    text: { type: 'string', required: true, maxLength: 2000 },
    author: { model: 'user', required: true },
  },
};
