// GET /api/messages: the latest messages, newest first.
const PAGE_SIZE = 100;

module.exports = async function list(req, res) {
  const messages = await Message.find().sort([{ createdAt: 'DESC' }, { id: 'DESC' }]).limit(PAGE_SIZE);
  return res.json(messages);
};
